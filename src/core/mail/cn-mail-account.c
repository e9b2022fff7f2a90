/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-mail-account.h"
#include "cn-mail.h"
#include "cn-store-private.h"

/* clang-format off */
G_DEFINE_QUARK (cn-mail-error-quark, cn_mail_error)
/* clang-format on */

CnMailAccount *
cn_mail_account_new (void)
{
  CnMailAccount *account = g_new0 (CnMailAccount, 1);

  account->imap_security = CN_MAIL_SECURITY_TLS;
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  account->cc_requester = TRUE;
  return account;
}

CnMailAccount *
cn_mail_account_copy (const CnMailAccount *account)
{
  CnMailAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = g_memdup2 (account, sizeof *account);
  copy->imap_host = g_strdup (account->imap_host);
  copy->imap_user = g_strdup (account->imap_user);
  copy->imap_folder = g_strdup (account->imap_folder);
  copy->smtp_host = g_strdup (account->smtp_host);
  copy->smtp_user = g_strdup (account->smtp_user);
  copy->from_address = g_strdup (account->from_address);
  copy->from_name = g_strdup (account->from_name);
  copy->ca_file = g_strdup (account->ca_file);
  return copy;
}

void
cn_mail_account_free (CnMailAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->imap_host);
  g_free (account->imap_user);
  g_free (account->imap_folder);
  g_free (account->smtp_host);
  g_free (account->smtp_user);
  g_free (account->from_address);
  g_free (account->from_name);
  g_free (account->ca_file);
  g_free (account);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
cn_mail_account_has_imap (const CnMailAccount *account)
{
  return account != NULL && is_set (account->imap_host) && is_set (account->imap_user);
}

gboolean
cn_mail_account_has_smtp (const CnMailAccount *account)
{
  return account != NULL && is_set (account->smtp_host) && is_set (account->smtp_user);
}

guint
cn_mail_account_get_imap_port (const CnMailAccount *account)
{
  g_return_val_if_fail (account != NULL, 0);

  if (account->imap_port != 0)
    return account->imap_port;
  return account->imap_security == CN_MAIL_SECURITY_TLS ? 993 : 143;
}

guint
cn_mail_account_get_smtp_port (const CnMailAccount *account)
{
  g_return_val_if_fail (account != NULL, 0);

  if (account->smtp_port != 0)
    return account->smtp_port;
  switch (account->smtp_security)
    {
    case CN_MAIL_SECURITY_TLS:
      return 465;
    case CN_MAIL_SECURITY_STARTTLS:
      return 587;
    case CN_MAIL_SECURITY_NONE:
    default:
      return 25;
    }
}

/* Loopback only: a plain connection that never leaves this computer. */
static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* "[::1]" as written in URLs. */
  if (g_str_equal (host, "[::1]"))
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
cn_mail_account_check_security (const CnMailAccount *account, gboolean smtp, GError **error)
{
  CnMailSecurity security;
  const char *host;

  g_return_val_if_fail (account != NULL, FALSE);

  security = smtp ? account->smtp_security : account->imap_security;
  host = smtp ? account->smtp_host : account->imap_host;
  if (security != CN_MAIL_SECURITY_NONE)
    return TRUE;
  if (account->insecure_loopback && is_loopback (host))
    return TRUE;

  if (!account->insecure_loopback)
    g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE,
                 _("The connection to %s would not be encrypted: choose TLS or STARTTLS."),
                    host != NULL ? host : "");
  else
    g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE,
                 _("Unencrypted connections are only allowed to this computer, not to %s: "
                   "choose TLS or STARTTLS."),
                    host != NULL ? host : "");
  return FALSE;
}

/* Settings */

#define KEY_PREFIX "mail."

static char *
get_text (CnStore *store, const char *name)
{
  g_autofree char *key = g_strconcat (KEY_PREFIX, name, NULL);
  char *value = _cn_store_get_text_setting (store, key);

  /* An empty value is the same as none. */
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static guint
get_uint (CnStore *store, const char *name, guint fallback, guint max)
{
  g_autofree char *text = get_text (store, name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return fallback;
  return (guint) value;
}

static gboolean
set_text (CnStore *store, const char *name, const char *value, GError **error)
{
  g_autofree char *key = g_strconcat (KEY_PREFIX, name, NULL);

  return _cn_store_set_text_setting (store, key, is_set (value) ? value : NULL, error);
}

static gboolean
set_uint (CnStore *store, const char *name, guint value, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  return set_text (store, name, text, error);
}

CnMailAccount *
cn_store_load_mail_account (CnStore *store, GError **error)
{
  CnMailAccount *account;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  account = cn_mail_account_new ();
  account->imap_host = get_text (store, "imap-host");
  account->imap_port = get_uint (store, "imap-port", 0, 65535);
  account->imap_security = get_uint (store, "imap-security", account->imap_security,
                                     CN_MAIL_SECURITY_NONE);
  account->imap_user = get_text (store, "imap-user");
  account->imap_folder = get_text (store, "imap-folder");
  account->smtp_host = get_text (store, "smtp-host");
  account->smtp_port = get_uint (store, "smtp-port", 0, 65535);
  account->smtp_security = get_uint (store, "smtp-security", account->smtp_security,
                                     CN_MAIL_SECURITY_NONE);
  account->smtp_user = get_text (store, "smtp-user");
  account->from_address = get_text (store, "from-address");
  account->from_name = get_text (store, "from-name");
  account->cc_requester = get_uint (store, "cc-requester", TRUE, 1);
  account->insecure_loopback = get_uint (store, "insecure-loopback", FALSE, 1);
  account->check_interval_minutes = get_uint (store, "check-interval-minutes", 0, G_MAXUINT);
  account->ca_file = get_text (store, "ca-file");
  return account;
}

gboolean
cn_store_save_mail_account (CnStore *store, const CnMailAccount *account, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  /* All the keys or none. */
  if (!cn_store_begin (store, error))
    return FALSE;

  if (!set_text (store, "imap-host", account->imap_host, error) ||
      !set_uint (store, "imap-port", account->imap_port, error) ||
      !set_uint (store, "imap-security", account->imap_security, error) ||
      !set_text (store, "imap-user", account->imap_user, error) ||
      !set_text (store, "imap-folder", account->imap_folder, error) ||
      !set_text (store, "smtp-host", account->smtp_host, error) ||
      !set_uint (store, "smtp-port", account->smtp_port, error) ||
      !set_uint (store, "smtp-security", account->smtp_security, error) ||
      !set_text (store, "smtp-user", account->smtp_user, error) ||
      !set_text (store, "from-address", account->from_address, error) ||
      !set_text (store, "from-name", account->from_name, error) ||
      !set_uint (store, "cc-requester", account->cc_requester ? 1 : 0, error) ||
      !set_uint (store, "insecure-loopback", account->insecure_loopback ? 1 : 0, error) ||
      !set_uint (store, "check-interval-minutes", account->check_interval_minutes, error) ||
      !set_text (store, "ca-file", account->ca_file, error))
    {
      cn_store_rollback (store);
      return FALSE;
    }

  return cn_store_commit (store, error);
}

gboolean
cn_store_get_mail_same_password (CnStore *store)
{
  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  return get_uint (store, "smtp-same-password", FALSE, 1);
}

gboolean
cn_store_set_mail_same_password (CnStore *store, gboolean same, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  return set_uint (store, "smtp-same-password", same ? 1 : 0, error);
}
