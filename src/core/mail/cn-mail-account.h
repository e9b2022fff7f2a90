/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The connector's own mail account: where requests arrive (IMAP) and how
 * messages leave (SMTP). Kept in the database's settings; the password never
 * is: it lives in the keyring (cn-secret.h). */

typedef enum {
  CN_MAIL_SECURITY_TLS = 0,      /* TLS from the first byte (imaps 993, smtps 465) */
  CN_MAIL_SECURITY_STARTTLS = 1, /* plain, then STARTTLS, required (imap 143, submission 587) */
  CN_MAIL_SECURITY_NONE = 2,     /* refused unless the host is loopback and insecure_loopback */
} CnMailSecurity;

typedef struct
{
  char *imap_host;
  guint imap_port; /* 0: the default for the security */
  CnMailSecurity imap_security;
  char *imap_user;
  char *imap_folder; /* "INBOX" when NULL */
  char *smtp_host;
  guint smtp_port;
  CnMailSecurity smtp_security;
  char *smtp_user;
  char *from_address; /* the connector's address, for From: */
  char *from_name;
  gboolean cc_requester; /* forwards Cc the requester (default TRUE) */
  gboolean
      insecure_loopback; /* "insecure (testing only)": plain allowed to 127.0.0.1/::1/localhost */
  guint check_interval_minutes; /* 0: only when asked */
  char *ca_file; /* an extra CA certificate file to trust (self-hosted servers, tests); NULL: the
                    system's */
} CnMailAccount;

CnMailAccount *cn_mail_account_new (void);
CnMailAccount *cn_mail_account_copy (const CnMailAccount *account);
void cn_mail_account_free (CnMailAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnMailAccount, cn_mail_account_free)

/* TRUE when IMAP (or SMTP) has a host and a user. */
gboolean cn_mail_account_has_imap (const CnMailAccount *account);
gboolean cn_mail_account_has_smtp (const CnMailAccount *account);
/* The port to use (the default of the security when 0). */
guint cn_mail_account_get_imap_port (const CnMailAccount *account);
guint cn_mail_account_get_smtp_port (const CnMailAccount *account);
/* FALSE with CN_MAIL_ERROR_INSECURE (cn-mail.h) when the security is NONE and
 * the host is not loopback or insecure_loopback is not set. */
gboolean
cn_mail_account_check_security (const CnMailAccount *account, gboolean smtp, GError **error);

/* The account in the store's settings; a new empty account when none is set. */
CnMailAccount *cn_store_load_mail_account (CnStore *store, GError **error);
gboolean cn_store_save_mail_account (CnStore *store, const CnMailAccount *account, GError **error);

/* Preferences: whether SMTP logs in with the IMAP password (the keyring then
 * holds it under the SMTP server and user too). FALSE when not set. */
gboolean cn_store_get_mail_same_password (CnStore *store);
gboolean cn_store_set_mail_same_password (CnStore *store, gboolean same, GError **error);

G_END_DECLS
