#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
// The session and pre-update hook APIs are declared only when these are defined before the include.
// Debian's libsqlite3 is built with both, so the symbols exist.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are pointer-cast macros that Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }
#endif
