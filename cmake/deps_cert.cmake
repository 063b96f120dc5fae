# SCS certificates: the PDF is drawn with cairo + pango (Noto CJK fonts), its QR code comes from
# libqrencode, and assessment exports are written with libxlsxwriter (src/cert/).
pkg_check_modules(CERT_CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(CERT_PANGO REQUIRED IMPORTED_TARGET pangocairo)
pkg_check_modules(CERT_QR REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(CERT_XLSX REQUIRED IMPORTED_TARGET xlsxwriter)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::CERT_CAIRO PkgConfig::CERT_PANGO PkgConfig::CERT_QR
                      PkgConfig::CERT_XLSX)
