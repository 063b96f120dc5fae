# Supply chain: libcsv reads supplier CSV imports; Graphviz (libgvc) lays out the chain graph.
find_library(SC_CSV_LIB csv REQUIRED)
find_path(SC_CSV_INCLUDE csv.h REQUIRED)
pkg_check_modules(SC_GVC REQUIRED IMPORTED_TARGET libgvc)
target_include_directories(hoshi_lib PUBLIC ${SC_CSV_INCLUDE})
target_link_libraries(hoshi_lib PUBLIC ${SC_CSV_LIB} PkgConfig::SC_GVC)
# XLSX import: the workbook is a zip (libarchive, linked by the vulnerability store) of XML parts.
pkg_check_modules(SC_XML REQUIRED IMPORTED_TARGET libxml-2.0)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::SC_XML)
