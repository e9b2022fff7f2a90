/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "cn-import-mail-private.h"
#include "cn-mail-curl.h"
#include "cn-task-progress.h"
#include "cn-mail.h"
#include "cn-store-private.h"

/* IMAP intake through libcurl. One easy handle per check: libcurl keeps the
 * connection and the login between its requests. STATUS gives UIDVALIDITY
 * and UIDNEXT without selecting; UID SEARCH lists what is new; each message
 * is then fetched by its URL (…/FOLDER;UID=n). What a check has seen is kept
 * in the store's settings, per server, user and folder.
 *
 * The requests keep the e-mail reader's source, "email", with the
 * Message-ID as source_ref: a message imported from a file and fetched again
 * here (or fetched from two folders) is one request, never two. */

#define MAX_RESPONSE (64 * 1024 * 1024)
#define DEFAULT_CHUNK 25

static guint chunk_size = DEFAULT_CHUNK;

/* For the tests: smaller chunks, to fail between two of them. */
void _cn_mail_set_check_chunk_size (guint size);

void
_cn_mail_set_check_chunk_size (guint size)
{
  chunk_size = size > 0 ? size : DEFAULT_CHUNK;
}

typedef struct
{
  CURL *curl;
  const CnMailAccount *account;
  const char *password;
  const char *folder;
  char *base_url; /* scheme://host:port/ */
  GString *response;
  GCancellable *cancellable;
  CURLcode last_code;
  char errbuf[CURL_ERROR_SIZE];
} Imap;

static size_t
on_write (char *ptr, size_t size, size_t nmemb, void *data)
{
  Imap *imap = data;
  gsize len = size * nmemb;

  /* A bound on memory: a larger answer fails the transfer. */
  if (imap->response->len + len > MAX_RESPONSE)
    return 0;
  g_string_append_len (imap->response, ptr, len);
  return len;
}

/* An IPv6 literal is bracketed in URLs. */
static char *
make_base_url (const CnMailAccount *account)
{
  const char *scheme = account->imap_security == CN_MAIL_SECURITY_TLS ? "imaps" : "imap";
  guint port = cn_mail_account_get_imap_port (account);

  if (strchr (account->imap_host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u/", scheme, account->imap_host, port);
  return g_strdup_printf ("%s://%s:%u/", scheme, account->imap_host, port);
}

static const char *
folder_of (const CnMailAccount *account)
{
  return account->imap_folder != NULL && *account->imap_folder != '\0' ? account->imap_folder
                                                                       : "INBOX";
}

/* Printable ASCII stands for itself in modified UTF-7. */
static gboolean
is_direct (const char *p)
{
  return *p >= 0x20 && *p <= 0x7e;
}

/* A run of other characters: "&", their UTF-16BE in base64 ("," for "/",
 * no padding), "-". */
static void
append_utf7_run (GString *out, const char *start, const char *end)
{
  glong n_units = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (start, end - start, NULL, &n_units, NULL);
  g_autoptr (GByteArray) be = g_byte_array_new ();
  g_autofree char *b64 = NULL;
  char *pad;

  for (glong i = 0; utf16 != NULL && i < n_units; i++)
    {
      guint8 pair[2] = { utf16[i] >> 8, utf16[i] & 0xff };
      g_byte_array_append (be, pair, 2);
    }
  b64 = g_base64_encode (be->data, be->len);
  g_strdelimit (b64, "/", ',');
  if ((pad = strchr (b64, '=')) != NULL)
    *pad = '\0';
  g_string_append_printf (out, "&%s-", b64);
}

/* IMAP's modified UTF-7 (RFC 3501 5.1.3), for folder names beyond ASCII. */
static char *
utf7_encode (const char *name)
{
  GString *out = g_string_new (NULL);
  const char *p = name;

  while (*p != '\0')
    {
      const char *start = p;

      if (is_direct (p))
        {
          if (*p == '&')
            g_string_append (out, "&-");
          else
            g_string_append_c (out, *p);
          p++;
          continue;
        }
      while (*p != '\0' && !is_direct (p))
        p = g_utf8_next_char (p);
      append_utf7_run (out, start, p);
    }
  return g_string_free (out, FALSE);
}

/* The folder as an IMAP quoted string. */
static char *
quote_folder (const char *folder)
{
  g_autofree char *encoded = utf7_encode (folder);
  GString *out = g_string_new ("\"");

  for (const char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* The folder in a URL path, where libcurl decodes it. */
static char *
url_folder (const char *folder)
{
  g_autofree char *encoded = utf7_encode (folder);

  return g_uri_escape_string (encoded, NULL, FALSE);
}

static void
imap_clear (Imap *imap)
{
  g_clear_pointer (&imap->curl, curl_easy_cleanup);
  g_clear_pointer (&imap->base_url, g_free);
  if (imap->response != NULL)
    g_string_free (g_steal_pointer (&imap->response), TRUE);
}

static gboolean
imap_init (Imap *imap,
           const CnMailAccount *account,
           const char *password,
           GCancellable *cancellable,
           GError **error)
{
  memset (imap, 0, sizeof *imap);
  if (!cn_mail_account_has_imap (account))
    {
      g_set_error_literal (error, CN_MAIL_ERROR, CN_MAIL_ERROR_NOT_CONFIGURED,
                           _("The incoming mail server and user name are not set"));
      return FALSE;
    }
  if (!cn_mail_account_check_security (account, FALSE, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  _cn_mail_curl_init ();
  imap->account = account;
  imap->password = password != NULL ? password : "";
  imap->folder = folder_of (account);
  imap->cancellable = cancellable;
  imap->response = g_string_new (NULL);
  imap->base_url = make_base_url (account);
  imap->curl = curl_easy_init ();
  if (imap->curl == NULL)
    {
      g_set_error_literal (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                           _("The mail connection could not be prepared"));
      return FALSE;
    }
  _cn_mail_curl_setup (imap->curl, account->imap_user, imap->password, account->imap_security,
                       account->ca_file, cancellable, imap->errbuf);
  curl_easy_setopt (imap->curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (imap->curl, CURLOPT_WRITEDATA, imap);
  return TRUE;
}

/* Sets @error from a failed transfer, in words. @status: the request was
 * the STATUS of the folder (a refusal means there is no such folder). */
static void
set_curl_error (Imap *imap, CURLcode code, gboolean status, GError **error)
{
  const char *host = imap->account->imap_host;
  GError *local;

  if (g_cancellable_set_error_if_cancelled (imap->cancellable, error))
    return;
  if (code == CURLE_QUOTE_ERROR && status)
    local = g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_FOLDER_MISSING,
                         _("The folder “%s” does not exist on “%s”"), imap->folder, host);
  else
    local = _cn_mail_curl_error (code, host, imap->errbuf);
  _cn_mail_scrub_error (local, host, imap->password);
  g_propagate_error (error, local);
}

/* One request: @path after the base URL, @command (NULL: a fetch by the
 * URL). The answer is in imap->response. */
static gboolean
imap_perform (Imap *imap, const char *path, const char *command, gboolean status, GError **error)
{
  g_autofree char *url = g_strconcat (imap->base_url, path, NULL);
  CURLcode code;

  if (g_cancellable_set_error_if_cancelled (imap->cancellable, error))
    return FALSE;
  g_string_truncate (imap->response, 0);
  imap->errbuf[0] = '\0';
  curl_easy_setopt (imap->curl, CURLOPT_URL, url);
  curl_easy_setopt (imap->curl, CURLOPT_CUSTOMREQUEST, command);
  code = imap->last_code = curl_easy_perform (imap->curl);
  if (code != CURLE_OK)
    {
      set_curl_error (imap, code, status, error);
      return FALSE;
    }
  return TRUE;
}

/* The number after @item in the answer ("UIDNEXT 12"), or 0. */
static guint32
find_number (const char *text, const char *item)
{
  g_autofree char *folded = g_ascii_strup (text, -1);
  g_autofree char *needle = g_strconcat (item, " ", NULL);
  const char *p = strstr (folded, needle);
  guint64 value = 0;

  if (p == NULL)
    return 0;
  value = g_ascii_strtoull (p + strlen (needle), NULL, 10);
  return value <= G_MAXUINT32 ? (guint32) value : 0;
}

/* UIDVALIDITY and UIDNEXT of the folder; a missing folder fails. */
static gboolean
imap_status (Imap *imap, guint32 *out_validity, guint32 *out_next, GError **error)
{
  g_autofree char *quoted = quote_folder (imap->folder);
  g_autofree char *command = g_strdup_printf ("STATUS %s (UIDVALIDITY UIDNEXT)", quoted);

  if (!imap_perform (imap, "", command, TRUE, error))
    return FALSE;
  *out_validity = find_number (imap->response->str, "UIDVALIDITY");
  *out_next = find_number (imap->response->str, "UIDNEXT");
  if (*out_validity == 0)
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                   _("The server “%s” did not describe the folder “%s”"), imap->account->imap_host,
                      imap->folder);
      return FALSE;
    }
  return TRUE;
}

static int
compare_uid (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* The UIDs from @first on, in order. */
static GArray *
imap_search (Imap *imap, guint32 first, GError **error)
{
  g_autofree char *folder = url_folder (imap->folder);
  g_autofree char *command = g_strdup_printf ("UID SEARCH UID %u:*", first);
  g_autoptr (GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_auto (GStrv) lines = NULL;

  if (!imap_perform (imap, folder, command, FALSE, error))
    return NULL;
  lines = g_strsplit (imap->response->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = NULL;

      if (g_ascii_strncasecmp (lines[i], "* SEARCH", 8) != 0)
        continue;
      words = g_strsplit (g_strstrip (lines[i] + 8), " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          guint64 uid;

          /* "n:*" names the last message even when its UID is below n. */
          if (g_ascii_string_to_unsigned (words[j], 10, 1, G_MAXUINT32, &uid, NULL) && uid >= first)
            {
              guint32 value = (guint32) uid;
              g_array_append_val (uids, value);
            }
        }
    }
  g_array_sort (uids, compare_uid);
  return g_steal_pointer (&uids);
}

/* One message, or NULL: with @error, or without when it is gone (expunged
 * since the search). */
static GBytes *
imap_fetch (Imap *imap, guint32 uid, GError **error)
{
  g_autofree char *folder = url_folder (imap->folder);
  g_autofree char *path = g_strdup_printf ("%s/;UID=%u", folder, uid);
  GError *local = NULL;

  if (!imap_perform (imap, path, NULL, FALSE, &local))
    {
      if (imap->last_code == CURLE_REMOTE_FILE_NOT_FOUND &&
          g_error_matches (local, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED))
        {
          g_clear_error (&local);
          return NULL;
        }
      g_propagate_error (error, local);
      return NULL;
    }
  return g_bytes_new (imap->response->str, imap->response->len);
}

gboolean
cn_mail_test_imap (const CnMailAccount *account,
                   const char *password,
                   GCancellable *cancellable,
                   GError **error)
{
  Imap imap;
  guint32 validity, next;
  gboolean ok;

  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = imap_init (&imap, account, password, cancellable, error) &&
       imap_status (&imap, &validity, &next, error);
  imap_clear (&imap);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Intake */

void
cn_mail_check_report_free (CnMailCheckReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rejections, g_ptr_array_unref);
  g_free (report);
}

/* The settings keys of what was seen in this folder of this account. */
static char *
state_key (const CnMailAccount *account, const char *what)
{
  g_autofree char *host = g_ascii_strdown (account->imap_host, -1);
  g_autofree char *id = g_strdup_printf ("%s\n%s\n%s", host, account->imap_user,
                                         folder_of (account));
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);

  return g_strdup_printf ("imap.%.16s.%s", hash, what);
}

static guint32
get_state (CnStore *store, const CnMailAccount *account, const char *what)
{
  g_autofree char *key = state_key (account, what);
  g_autofree char *text = _cn_store_get_text_setting (store, key);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return 0;
  return (guint32) value;
}

static gboolean
set_state (
    CnStore *store, const CnMailAccount *account, const char *what, guint32 value, GError **error)
{
  g_autofree char *key = state_key (account, what);
  g_autofree char *text = g_strdup_printf ("%u", value);

  return _cn_store_set_text_setting (store, key, text, error);
}

/* Writes one chunk's requests and the last UID it reached, together. */
static gboolean
commit_chunk (CnStore *store,
              const CnMailAccount *account,
              CnImportBatch *batch,
              guint32 validity,
              guint32 last_uid,
              CnMailCheckReport *report,
              GError **error)
{
  g_autoptr (CnImportReport) written = NULL;

  if (!cn_store_begin (store, error))
    return FALSE;
  written = cn_store_import_batch (store, batch, NULL, NULL, NULL, error);
  if (written == NULL || !set_state (store, account, "uidvalidity", validity, error) ||
      !set_state (store, account, "last_uid", last_uid, error) || !cn_store_commit (store, error))
    {
      cn_store_rollback (store);
      return FALSE;
    }
  report->added += written->requests_added;
  report->skipped += written->requests_skipped;
  for (guint i = 0; i < written->rejections->len; i++)
    g_ptr_array_add (report->rejections, g_steal_pointer (&written->rejections->pdata[i]));
  return TRUE;
}

/* Fetches and writes @uids, a chunk at a time. */
static gboolean
fetch_all (Imap *imap,
           CnStore *store,
           GArray *uids,
           guint32 validity,
           CnMailCheckReport *report,
           CnImportProgressFunc progress,
           gpointer progress_data,
           GError **error)
{
  guint i = 0;

  while (i < uids->len)
    {
      g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
      guint end = MIN (i + chunk_size, uids->len);
      guint32 uid = 0;

      for (; i < end; i++)
        {
          g_autoptr (GBytes) message = NULL;
          g_autofree char *name = NULL;
          GError *local = NULL;

          uid = g_array_index (uids, guint32, i);
          message = imap_fetch (imap, uid, &local);
          if (local != NULL)
            {
              g_propagate_error (error, local);
              return FALSE;
            }
          if (message != NULL)
            {
              /* TRANSLATORS: where a rejected message came from: folder, UID. */
              name = g_strdup_printf (_("%s, message %u"), imap->folder, uid);
              _cn_mail_read_bytes (message, name, batch, NULL);
              report->fetched++;
            }
          if (progress != NULL)
            progress ((double) (i + 1) / uids->len, progress_data);
        }
      if (!commit_chunk (store, imap->account, batch, validity, uid, report, error))
        return FALSE;
    }
  return TRUE;
}

/* cn_mail_check(); @out_added: requests committed, even when it fails. */
static CnMailCheckReport *
check_run (CnStore *store,
           const CnMailAccount *account,
           const char *password,
           GCancellable *cancellable,
           CnImportProgressFunc progress,
           gpointer progress_data,
           guint *out_added,
           GError **error)
{
  g_autoptr (CnMailCheckReport) report = NULL;
  g_autoptr (GArray) uids = NULL;
  Imap imap;
  guint32 validity = 0, next = 0, last_uid;
  gboolean ok = FALSE;

  report = g_new0 (CnMailCheckReport, 1);
  report->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_rejection_free);
  if (!imap_init (&imap, account, password, cancellable, error) ||
      !imap_status (&imap, &validity, &next, error))
    goto out;

  /* A new UIDVALIDITY: the UIDs seen mean nothing any more. Message-IDs
   * keep what was added from being added again. */
  last_uid = get_state (store, account, "uidvalidity") == validity
                 ? get_state (store, account, "last_uid")
                 : 0;
  if (next != 0 && next <= last_uid + 1)
    {
      ok = TRUE;
      goto out;
    }
  uids = imap_search (&imap, last_uid + 1, error);
  ok = uids != NULL &&
       fetch_all (&imap, store, uids, validity, report, progress, progress_data, error);
out:
  imap_clear (&imap);
  *out_added = report->added;
  if (ok && progress != NULL)
    progress (1.0, progress_data);
  return ok ? g_steal_pointer (&report) : NULL;
}

CnMailCheckReport *
cn_mail_check (CnStore *store,
               const CnMailAccount *account,
               const char *password,
               GCancellable *cancellable,
               CnImportProgressFunc progress,
               gpointer progress_data,
               GError **error)
{
  guint added = 0;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return check_run (store, account, password, cancellable, progress, progress_data, &added, error);
}

/* ------------------------------------------------------------------------ */
/* In a worker */

typedef struct
{
  CnMailAccount *account;
  char *password;
  CnTaskProgress *progress;
  /* By the worker, read after it returned. */
  guint added;
  CnMailCheckReport *report;
} CheckData;

static void
check_data_free (CheckData *data)
{
  cn_mail_account_free (data->account);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_clear_pointer (&data->progress, cn_task_progress_unref);
  g_clear_pointer (&data->report, cn_mail_check_report_free);
  g_free (data);
}

static gboolean
check_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  CheckData *data = task_data;

  data->report = check_run (worker, data->account, data->password, cancellable,
                            cn_task_progress_report, data->progress, &data->added, error);
  return data->report != NULL;
}

/* Main thread: the caller's store reads again what the worker wrote, also
 * when a failure came after some chunks were committed. */
static void
on_check_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  CnStore *store = CN_STORE (source);
  CheckData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  CnMailCheckReport *report;

  cn_task_progress_finish (data->progress);
  report = g_task_propagate_boolean (G_TASK (result), &error) ? g_steal_pointer (&data->report)
                                                              : NULL;
  if (data->added > 0)
    _cn_store_notify_external_write (store);
  if (report == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, report, (GDestroyNotify) cn_mail_check_report_free);
}

void
cn_mail_check_async (CnStore *store,
                     const CnMailAccount *account,
                     const char *password,
                     GCancellable *cancellable,
                     CnImportProgressFunc progress,
                     gpointer progress_data,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr (GTask) worker = NULL;
  GTask *outer;
  CheckData *data;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (account != NULL);

  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cn_mail_check_async);
  /* What was committed is reported, even when Cancel came too late. */
  g_task_set_check_cancellable (outer, FALSE);

  data = g_new0 (CheckData, 1);
  data->account = cn_mail_account_copy (account);
  data->password = g_strdup (password);

  worker = g_task_new (store, cancellable, on_check_done_cb, outer);
  data->progress = cn_task_progress_new (worker, progress, progress_data,
                                         "[connecteur] mail check progress");
  g_task_set_task_data (worker, data, (GDestroyNotify) check_data_free);
  g_task_set_check_cancellable (worker, FALSE);
  _cn_store_run_in_worker (worker, check_worker);
}

CnMailCheckReport *
cn_mail_check_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
