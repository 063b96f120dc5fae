# Test registration: every tests/unit/test_*.c is a cmocka program; API and browser tests run
# with node against a real `hoshi serve`. Each file is one CTest test.
file(GLOB HOSHI_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${HOSHI_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src} ${CMAKE_SOURCE_DIR}/tests/unit/testutil.c)
  target_link_libraries(${name} PRIVATE hoshi_lib PkgConfig::CMOCKA)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES
    ENVIRONMENT "HOSHI_SHARED_DATA=${CMAKE_SOURCE_DIR}/../shared/data;HOSHI_SOURCE_DIR=${CMAKE_SOURCE_DIR};LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/lsan.supp"
    SKIP_RETURN_CODE 77)
endforeach()

find_program(NODE node)
file(GLOB HOSHI_API_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/api/*.test.mjs)
file(GLOB HOSHI_E2E_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/e2e/*.test.mjs)
foreach(src ${HOSHI_API_TESTS} ${HOSHI_E2E_TESTS})
  get_filename_component(name ${src} NAME)
  string(REPLACE ".test.mjs" "" name ${name})
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(kind ${dir} NAME)
  add_test(NAME ${kind}/${name} COMMAND ${NODE} --test --test-reporter=spec ${src})
  if(kind STREQUAL "e2e")
    # A browser and a sanitized server at once: run alone, so load from other tests cannot
    # push a page past its wait limits.
    set_tests_properties(${kind}/${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
  set_tests_properties(${kind}/${name} PROPERTIES
    ENVIRONMENT "HOSHI_BIN=$<TARGET_FILE:hoshi>;HOSHI_SOURCE_DIR=${CMAKE_SOURCE_DIR};HOSHI_SHARED_DATA=${CMAKE_SOURCE_DIR}/../shared/data;LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/lsan.supp"
    TIMEOUT 600)
endforeach()

# Fuzz corpora replay: every fuzz/fuzz_NAME.c is also built with gcc and a plain driver
# (fuzz/replay_main.c) that feeds it each file of fuzz/corpus/NAME/, under the sanitizers.
file(GLOB HOSHI_FUZZ_REPLAY CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/fuzz_*.c)
foreach(src ${HOSHI_FUZZ_REPLAY})
  get_filename_component(name ${src} NAME_WE)
  string(REPLACE "fuzz_" "" short ${name})
  add_executable(replay_${short} ${src} ${CMAKE_SOURCE_DIR}/fuzz/replay_main.c)
  target_link_libraries(replay_${short} PRIVATE hoshi_lib)
  add_test(NAME fuzz-replay/${short} COMMAND replay_${short} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${short})
endforeach()
