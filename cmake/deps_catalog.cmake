# Catalog converters read CISO Assistant library YAML with libyaml (src/catalog/cisoa.c).
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::YAML)
