/* Helpers for the cmocka unit tests: temporary folders, files, and the shared data folder. */
#ifndef HOSHI_TESTUTIL_H
#define HOSHI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Makes a fresh temporary folder; returns its path (static storage per call, free with free()). */
char *tu_tmpdir(void);
/* Removes a folder and everything in it. */
void tu_rmrf(const char *path);
/* Reads a whole file; NULL when it cannot be read. Free with free(). */
char *tu_read_file(const char *path, size_t *len);
/* Path of ../shared/data (from $HOSHI_SHARED_DATA), or NULL when the folder is absent. */
const char *tu_shared_data(void);
/* Prints why and exits 77 (CTest's skip code) when shared data is absent. */
const char *tu_require_shared_data(const char *why);

#endif
