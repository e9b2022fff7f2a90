/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cn-mail-curl.h"
#include "cn-mail.h"

#define CONNECT_TIMEOUT 15 /* seconds */
#define LOW_SPEED_TIME 60  /* seconds below one byte a second: the server is gone */

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

void
_cn_mail_curl_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_curl, NULL);
}

static int
on_xferinfo (void *data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

void
_cn_mail_curl_setup (CURL *curl,
                     const char *user,
                     const char *password,
                     CnMailSecurity security,
                     const char *ca_file,
                     GCancellable *cancellable,
                     char *errbuf)
{
  curl_easy_setopt (curl, CURLOPT_USERNAME, user);
  curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
  /* TLS from the start, or STARTTLS required; plain only when allowed. */
  if (security != CN_MAIL_SECURITY_NONE)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file != NULL && *ca_file != '\0')
    curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) LOW_SPEED_TIME);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  errbuf[0] = '\0';
}

GError *
_cn_mail_curl_error (CURLcode code, const char *host, const char *errbuf)
{
  /* libcurl's own words, or its code's, for a detail after ours. */
  const char *detail = errbuf != NULL && *errbuf != '\0' ? errbuf : curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_UNKNOWN_HOST,
                          _("Cannot find the server “%s”"), host);
    case CURLE_COULDNT_CONNECT:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_REFUSED,
                          _("The server “%s” refused the connection or cannot be reached"), host);
    case CURLE_OPERATION_TIMEDOUT:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_TIMEOUT,
                          _("The server “%s” did not answer in time"), host);
    case CURLE_PEER_FAILED_VERIFICATION: /* also CURLE_SSL_CACERT */
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_CERTIFICATE,
                          _("The certificate of “%s” is not trusted: %s"), host, detail);
    case CURLE_USE_SSL_FAILED:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_TLS,
                          _("The server “%s” does not offer a secure connection (STARTTLS)"),
                             host);
    case CURLE_SSL_CONNECT_ERROR:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_TLS,
                          _("No secure connection could be made with “%s”: %s"), host, detail);
    case CURLE_LOGIN_DENIED:
      return g_error_new_literal (CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH,
                                  _("The server refused the user name or password"));
    default:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                          _("The exchange with “%s” failed: %s"), host, detail);
    }
}

void
_cn_mail_scrub_error (GError *error, const char *host, const char *password)
{
  if (error == NULL || password == NULL || *password == '\0' ||
      strstr (error->message, password) == NULL)
    return;
  g_free (error->message);
  error->message = g_strdup_printf (_("The exchange with “%s” failed"), host);
}
