/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Bringing the connector's network in from the files people have: a LinkedIn
 * data export, vCard files, Google or Outlook contacts CSV, e-mail files.
 *
 * Two stages. Readers (one per format, no database) turn files into a
 * CnImportBatch of plain records, each naming its file and line, with the
 * rows they cannot use as rejections. Then cn_store_import_batch() writes the
 * batch in one transaction: all or nothing, idempotent (what is already there
 * is matched, not added again). cn_import_run() chains both for the CLI and
 * the app. */

typedef enum {
  CN_IMPORT_FORMAT_UNKNOWN = 0,
  CN_IMPORT_FORMAT_LINKEDIN,
  CN_IMPORT_FORMAT_VCARD,
  CN_IMPORT_FORMAT_CSV,  /* contacts CSV from Google or Outlook */
  CN_IMPORT_FORMAT_MAIL, /* .eml or mbox */
} CnImportFormat;
/* "linkedin", "vcard", "csv", "mail". */
const char *cn_import_format_to_string (CnImportFormat format);
gboolean cn_import_format_from_string (const char *str, CnImportFormat *out_format);

#define CN_IMPORT_ERROR (cn_import_error_quark ())
typedef enum {
  CN_IMPORT_ERROR_NOT_RECOGNISED, /* not a file of that format (or of any) */
  CN_IMPORT_ERROR_READ,           /* cannot be read: missing, permissions, I/O */
  CN_IMPORT_ERROR_INVALID,        /* of that format, but broken beyond use */
  CN_IMPORT_ERROR_TOO_BIG,        /* a record or a file beyond what we accept */
} CnImportError;
GQuark cn_import_error_quark (void);

/* A person of the network. Strings are valid UTF-8, trimmed, NULL when absent. */
typedef struct
{
  char *name; /* never NULL in a batch: rows without a name are rejected */
  char *email;
  char *profile_url;
  char *company;
  char *position;
  char **expertise; /* NULL-terminated or NULL */
  char *notes;
  char *file; /* base name of the file (for the report), and the 1-based line */
  guint line;
} CnImportContact;

/* A request for an introduction, addressed to the connector. */
typedef struct
{
  char *requester_name; /* never NULL */
  char *requester_email;
  char *requester_profile_url;
  /* Who it is for, when the file says it (a name or an e-mail address found
   * in the text or the headers); matched against the contacts at import. */
  char *target_hint;
  gint64 received_at; /* Unix time, UTC; 0 when unknown (the import time is used) */
  char *note_to_connector;
  char *note_to_target;
  char *source;     /* "linkedin" or "email" */
  char *source_ref; /* a stable id (Message-ID, conversation id + date…), or NULL:
                     * then the content is hashed */
  char *file;
  guint line;
} CnImportRequest;

typedef struct
{
  char *file;
  guint line;   /* 0: the whole file */
  char *reason; /* in the user's language */
} CnImportRejection;

typedef struct _CnImportBatch CnImportBatch;

/* Writes what @batch holds and empties its arrays (see cn_import_batch_flush()). */
typedef gboolean (*CnImportFlushFunc) (CnImportBatch *batch,
                                       gboolean no_more_contacts,
                                       gpointer user_data,
                                       GError **error);

struct _CnImportBatch
{
  GPtrArray *contacts;   /* CnImportContact */
  GPtrArray *requests;   /* CnImportRequest */
  GPtrArray *rejections; /* CnImportRejection */
  /* Set by cn_import_run() only: the records may be written as a reader goes
   * instead of held until the end, so that a big export is never in memory
   * whole. NULL: the batch keeps every record. */
  CnImportFlushFunc flush;
  gpointer flush_data;
};

CnImportBatch *cn_import_batch_new (void);
void cn_import_batch_free (CnImportBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnImportBatch, cn_import_batch_free)
/* Appends a record (the batch takes it; NULL-safe free functions below). */
void cn_import_batch_add_contact (CnImportBatch *batch, CnImportContact *contact);
void cn_import_batch_add_request (CnImportBatch *batch, CnImportRequest *request);
void
cn_import_batch_reject (CnImportBatch *batch, const char *file, guint line, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
/* Hands the records held to the batch's flush function, if any, once there
 * are enough of them: contacts always, requests when @no_more_contacts (the
 * reader will add no contact after them) and no other path follows. Readers
 * call it between records; FALSE (with @error) when writing failed: the
 * reader stops. */
gboolean cn_import_batch_flush (CnImportBatch *batch, gboolean no_more_contacts, GError **error);
CnImportContact *cn_import_contact_new (void);
void cn_import_contact_free (CnImportContact *contact);
CnImportRequest *cn_import_request_new (void);
void cn_import_request_free (CnImportRequest *request);
void cn_import_rejection_free (CnImportRejection *rejection);

/* Readers. Each reads one path and appends to @batch. A path that is not of
 * the reader's format fails with CN_IMPORT_ERROR_NOT_RECOGNISED and appends
 * nothing; rows it cannot use are rejections, not errors. They check
 * @cancellable between records (G_IO_ERROR_CANCELLED). @progress (may be
 * NULL) gets the fraction of this path read, from the calling thread. */
typedef void (*CnImportProgressFunc) (double fraction, gpointer user_data);

/* A LinkedIn data export: its folder, its .zip, or one of its CSV files
 * (Connections.csv, messages.csv, Invitations.csv). */
gboolean cn_linkedin_read (const char *path,
                           CnImportBatch *batch,
                           GCancellable *cancellable,
                           CnImportProgressFunc progress,
                           gpointer progress_data,
                           GError **error);
gboolean cn_vcard_read (const char *path,
                        CnImportBatch *batch,
                        GCancellable *cancellable,
                        CnImportProgressFunc progress,
                        gpointer progress_data,
                        GError **error);
/* Contacts CSV exported by Google Contacts (old and new headers) or Outlook
 * (localised headers). */
gboolean cn_contacts_csv_read (const char *path,
                               CnImportBatch *batch,
                               GCancellable *cancellable,
                               CnImportProgressFunc progress,
                               gpointer progress_data,
                               GError **error);
/* Whether the contacts-CSV reader finds a header with a name column in
 * @path (what detection asks of a contacts CSV). */
gboolean _cn_contacts_csv_recognise (const char *path);
/* One message (.eml) or an mbox: each message that asks for an introduction
 * becomes a request; the others are skipped (counted as rejections with the
 * reason "not a request for an introduction"). */
gboolean cn_mail_read (const char *path,
                       CnImportBatch *batch,
                       GCancellable *cancellable,
                       CnImportProgressFunc progress,
                       gpointer progress_data,
                       GError **error);

/* The format of a path from its content (and, only to break ties, its name).
 * UNKNOWN with @error set when nothing fits. */
CnImportFormat cn_import_detect (const char *path, GError **error);

/* Two contacts that may be one person but that the rules could not decide
 * (same name, different company and no shared address or profile). */
typedef struct
{
  gint64 existing_id; /* the contact already in the database */
  gint64 imported_id; /* the contact this import added */
  char *reason;       /* in the user's language */
} CnImportDuplicate;
void cn_import_duplicate_free (CnImportDuplicate *duplicate);

typedef struct
{
  guint contacts_added;
  guint contacts_updated;   /* matched, and something changed */
  guint contacts_unchanged; /* matched, nothing new: skipped as duplicates */
  guint requests_added;
  guint requests_skipped; /* already there (same source id or content) */
  GPtrArray *rejections;  /* CnImportRejection, from the readers and the writer */
  GPtrArray *duplicates;  /* CnImportDuplicate */
} CnImportReport;
void cn_import_report_free (CnImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnImportReport, cn_import_report_free)

/* Writes @batch in one transaction. Contacts are matched by profile URL, then
 * e-mail, then normalised name + company (case, accents, spaces); a match is
 * updated with the imported name, e-mail, profile URL, company and position
 * when they are new or changed (what the connector set in Connecteur —
 * expertise, kinds, availability, cap, tie, notes — is never overwritten).
 * Requests are matched by (source, source_ref), else by a hash of requester
 * and notes. Cancel or any error rolls everything back: the database is
 * exactly as before. The report takes the batch's rejections. */
CnImportReport *cn_store_import_batch (CnStore *store,
                                       CnImportBatch *batch,
                                       GCancellable *cancellable,
                                       CnImportProgressFunc progress,
                                       gpointer progress_data,
                                       GError **error);

/* Reads every path with @format's reader (UNKNOWN: detected per path), then
 * writes it all in one transaction. A path that is not what it claims fails
 * the whole import, naming the file, before anything is written. Blocking:
 * for the CLI; the app uses the async version. Progress: reading is the
 * first half, writing the second. */
CnImportReport *cn_import_run (CnStore *store,
                               CnImportFormat format,
                               const char *const *paths,
                               GCancellable *cancellable,
                               CnImportProgressFunc progress,
                               gpointer progress_data,
                               GError **error);
/* In a worker thread with its own connection to @store's file. @progress is
 * called in the caller's thread-default main context. At the end @store
 * emits "reloaded" and "contacts-changed" (when something was written). */
void cn_import_run_async (CnStore *store,
                          CnImportFormat format,
                          const char *const *paths,
                          GCancellable *cancellable,
                          CnImportProgressFunc progress,
                          gpointer progress_data,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
CnImportReport *cn_import_run_finish (GAsyncResult *result, GError **error);

/* Possible duplicates, decided by the user: keep both (nothing to do), or
 * merge @from into @into — @into keeps its fields and takes those it lacks,
 * and @from's requests; @from is deleted. One transaction; emits
 * "contacts-changed" and "reloaded". */
gboolean cn_store_merge_contacts (CnStore *store, gint64 into, gint64 from, GError **error);

G_END_DECLS
