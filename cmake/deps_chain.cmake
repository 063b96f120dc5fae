# Supply chain: libcsv reads supplier CSV imports; Graphviz (libgvc) lays out the chain graph.
find_library(SC_CSV_LIB csv REQUIRED)
find_path(SC_CSV_INCLUDE csv.h REQUIRED)
pkg_check_modules(SC_GVC REQUIRED IMPORTED_TARGET libgvc)
target_include_directories(hoshi_lib PUBLIC ${SC_CSV_INCLUDE})
target_link_libraries(hoshi_lib PUBLIC ${SC_CSV_LIB} PkgConfig::SC_GVC)
