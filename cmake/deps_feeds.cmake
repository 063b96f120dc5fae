# Vulnerability feeds are fetched with libcurl (src/feeds/feeds.c).
pkg_check_modules(FEEDS_CURL REQUIRED IMPORTED_TARGET libcurl)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::FEEDS_CURL)
