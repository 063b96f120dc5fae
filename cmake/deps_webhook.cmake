# Outgoing webhooks POST signed deliveries with libcurl (src/webhook/deliver.c).
pkg_check_modules(WH_CURL REQUIRED IMPORTED_TARGET libcurl)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::WH_CURL)
