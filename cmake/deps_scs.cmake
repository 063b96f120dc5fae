# SCS evidence files: libmagic sniffs the type of uploaded bytes.
find_library(MAGIC_LIB magic REQUIRED)
find_path(MAGIC_INCLUDE magic.h REQUIRED)
target_include_directories(hoshi_lib PUBLIC ${MAGIC_INCLUDE})
target_link_libraries(hoshi_lib PUBLIC ${MAGIC_LIB})
