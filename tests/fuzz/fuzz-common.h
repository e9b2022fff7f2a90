/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "cn-import.h"

G_BEGIN_DECLS

/* What the fuzz harnesses share (see tests/fuzz/README.md). A harness checks
 * the properties its API promises and aborts when one does not hold, so that
 * libFuzzer, or the replay of a corpus in the test suite, reports it. */

/* Defined by each harness; called by libFuzzer or by replay-main.c. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Once per process: criticals and warnings abort (a g_return_if_fail() hit by
 * some input is a bug as much as a crash). Every harness calls it first. */
void cn_fuzz_init (void);

/* Prints the broken property and aborts. */
G_GNUC_NORETURN void cn_fuzz_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
#define cn_fuzz_assert(condition, ...)                                                             \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (G_UNLIKELY (!(condition)))                                                                 \
      cn_fuzz_fail (__VA_ARGS__);                                                                  \
  }                                                                                                \
  G_STMT_END

/* Aborts unless @str is valid UTF-8 (NULL passes when @nullable). */
void cn_fuzz_check_utf8 (const char *what, const char *str, gboolean nullable);
/* Aborts when @str has a CR or an LF. */
void cn_fuzz_check_one_line (const char *what, const char *str);

/* The input cut at its NUL bytes into at most @n_fields strings: fields
 * past the end of the input are NULL, the last one takes the rest. */
typedef struct
{
  guint n_fields;
  char **fields;
} CnFuzzFields;
CnFuzzFields *cn_fuzz_fields_new (const guint8 *data, gsize size, guint n_fields);
void cn_fuzz_fields_free (CnFuzzFields *fields);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnFuzzFields, cn_fuzz_fields_free)
/* The field, or NULL past the end. */
const char *cn_fuzz_fields_get (CnFuzzFields *fields, guint index);

/* A folder of this process's own (in /dev/shm when there is one: no disk
 * writes), emptied by cn_fuzz_clear_tmpdir() and removed at exit. */
const char *cn_fuzz_get_tmpdir (void);
void cn_fuzz_clear_tmpdir (void);
/* Writes @data to @name (may contain a folder) in the temporary folder;
 * returns its path. */
char *cn_fuzz_write_file (const char *name, const guint8 *data, gsize size);

/* Checks a batch's records from the given indexes on: every string valid
 * UTF-8, names present, trimmed and on one line, line set, file set (and
 * equal to @file_name unless it is NULL). */
void cn_fuzz_check_batch (CnImportBatch *batch,
                          guint first_contact,
                          guint first_request,
                          guint first_rejection,
                          const char *file_name);

typedef gboolean (*CnFuzzReadFunc) (const char *path,
                                    CnImportBatch *batch,
                                    GCancellable *cancellable,
                                    CnImportProgressFunc progress,
                                    gpointer progress_data,
                                    GError **error);
/* Runs a reader on @path over a batch that already holds a record of each
 * kind, and checks its contract (cn-import.h): TRUE and no error, or FALSE
 * with a CN_IMPORT_ERROR and the batch as it was; progress within [0, 1] and
 * never going back; what it appended passes cn_fuzz_check_batch() with
 * @file_name. Returns
 * the error's code, or -1 when the read succeeded. */
int cn_fuzz_run_reader (CnFuzzReadFunc read, const char *path, const char *file_name);

G_END_DECLS
