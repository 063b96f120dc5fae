# Vulnerability matching reads OSV all.zip exports and gzipped EPSS/KEV files with libarchive.
pkg_check_modules(ARCHIVE REQUIRED IMPORTED_TARGET libarchive)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::ARCHIVE)
