/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The window's parts (cn-window.c, cn-window-actions.c, cn-window-import.c)
 * share its struct and these helpers; the UI tests reach into it as a person
 * would see it. */

#include "cn-contacts-view.h"
#include "cn-mail-session.h"
#include "cn-request-detail.h"
#include "cn-request-list.h"
#include "cn-review-pane.h"
#include "cn-review.h"
#include "cn-store-corrections.h"
#include "cn-new-request-dialog.h"
#include "cn-window.h"

G_BEGIN_DECLS

typedef void (*CnUriHook) (const char *uri, gpointer data);

typedef struct _CnPendingSend CnPendingSend;

struct _CnWindow
{
  AdwApplicationWindow parent_instance;

  CnStore *store;
  GError *store_error;
  CnRequestList *requests;
  guint n_requests; /* every request in the store, or G_MAXUINT: count again */
  GtkSingleSelection *selection;
  GSettings *settings;
  GtkWindow *new_request_dialog; /* weak */
  GtkWindow *campaigns_dialog;   /* weak */
  GtkWindow *import_dialog;      /* weak */
  GtkNativeDialog *file_chooser; /* the open Import chooser */
  GtkDropTarget *drop_target;
  GArray *undo_changes;               /* CnStatusChange of the last bulk change, for Undo */
  CnCorrectionChange undo_correction; /* the last correction, for Undo */
  gboolean has_undo_correction;
  gboolean error_shown;

  /* The review of the selected request */
  CnReview *review; /* NULL: none selected */
  /* What the detail pane shows was read by this review, at this serial
   * (cn_review_get_serial()): a "changed" from the endorsement alone leaves
   * it as it is. Not a reference; cleared whenever the review changes. */
  CnReview *detail_review;
  guint detail_serial;
  const char *lang;   /* its language ("fr", "en"): replies are written in it */
  CnUriHook uri_hook; /* tests capture mailto: URIs instead of launching them */
  gpointer uri_hook_data;
  GtkWindow *reply_dialog;    /* weak */
  GtkWindow *override_dialog; /* weak */
  GtkWindow *requester_page;  /* weak */

  /* The last "Not a Request", for its Undo */
  CnStatusChange not_request_change;
  gint64 not_request_sender; /* the sender it marked, or 0 */

  GCancellable *cancellable; /* cancelled when the window goes: late callbacks stop */
  GCancellable *analysis_cancellable;
  gboolean analysis_again;
  guint analysis_reveal_id;
  /* Background work (the integrity check, then triage and analysis) starts
   * after the first frame is painted. */
  gboolean background_scheduled;
  gboolean background_started;
  guint background_idle_id;

  /* Mail through the connector's account */
  CnMailSession *mail;
  GtkWindow *sending_dialog; /* the reply dialog whose text is leaving, not owned */
  char *last_toast;          /* for tests */
  guint navigation_idle_id;
  GtkWidget *focus_after_navigation; /* a page brought forward, to focus once shown */
  guint focus_idle_id;
  gint64 pending_delete_id; /* deleted in the window, waiting for its Undo */
  GtkWindow *name_dialog;   /* weak: "Sign Your Forwards", asked once */

  /* Template widgets */
  GtkLabel *analysis_label;
  GtkProgressBar *analysis_progress;
  GtkRevealer *analysis_revealer;
  GtkWidget *check_mail_button;
  CnRequestDetail *detail;
  CnReviewPane *review_pane;
  GtkLabel *mail_label;
  GtkProgressBar *mail_progress;
  GtkRevealer *mail_revealer;
  GtkRevealer *read_only_revealer;
  AdwBin *contacts_bin;
  /* Made when first shown: a window that never shows its contacts does not
   * build, measure and fill them before its first frame. */
  CnContactsView *contacts_view;
  GtkWidget *drop_hint;
  AdwStatusPage *empty_page;
  GtkWidget *empty_import_button;
  AdwStatusPage *error_page;
  GtkWidget *list_pane;
  GtkSearchEntry *request_search;
  GtkToggleButton *todo_button;
  GtkToggleButton *handled_button;
  GtkToggleButton *all_button;
  AdwStatusPage *no_match_page;
  GtkWidget *load_demo_button;
  GtkStack *main_stack;
  AdwLeaflet *main_leaflet;
  AdwLeaflet *content_leaflet;
  GtkWidget *back_button;
  GtkActionBar *review_bar;
  GtkWidget *show_review_button;
  AdwViewSwitcherBar *switcher_bar;
  GtkMenuButton *menu_button;
  GtkStack *list_stack;
  GtkGridView *request_list_view;
  AdwToastOverlay *toast_overlay;
  GtkDropDown *verdict_filter;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack *view_stack;
};

/* cn-window.c */
void _cn_window_update_page (CnWindow *self);
void _cn_window_actions_update (CnWindow *self);
void _cn_window_start_analysis (CnWindow *self);
/* The request shown, or NULL. */
CnRequest *_cn_window_get_selected (CnWindow *self);

/* cn-window-actions.c */
void _cn_window_class_init_actions (GtkWidgetClass *widget_class);
void _cn_window_init_actions (CnWindow *self);
void _cn_window_setup_mail (CnWindow *self, CnStore *store);
void _cn_window_shutdown_mail (CnWindow *self);
void _cn_window_add_toast (CnWindow *self, AdwToast *toast);
/* Takes @message. */
void _cn_window_toast_error (CnWindow *self, char *message);

/* cn-window-inbox.c */
void _cn_window_class_init_inbox (GtkWidgetClass *widget_class);
void _cn_window_init_inbox (CnWindow *self);
/* What the empty list says: no match for the search or the filter, nothing
 * left to do, nothing handled yet. */
void _cn_window_inbox_describe_empty (CnWindow *self);
/* Clears the search and the filter, and shows every request. */
void _cn_window_inbox_show_all (CnWindow *self);
void _cn_window_inbox_focus_search (CnWindow *self);
/* Deletes from the store the request deleted in the window, if any. */
void _cn_window_inbox_finish_delete (CnWindow *self);
/* cn-window.c: the window follows a New or Edit Request form. */
void _cn_window_watch_request_form (CnWindow *self, CnNewRequestDialog *dialog);

/* cn-window-navigation.c */
void _cn_window_class_init_navigation (GtkWidgetClass *widget_class);
void _cn_window_init_navigation (CnWindow *self);
/* Shows or hides Back and "Check and Answer" for the page and width. */
void _cn_window_navigation_update (CnWindow *self);
/* The Back button follows the contacts view's own leaflet. */
void _cn_window_navigation_watch_contacts (CnWindow *self);
/* The contacts view, made on first use. */
CnContactsView *_cn_window_get_contacts_view (CnWindow *self);
/* Tab between the list, the request and the review: TRUE when it moved the
 * focus (the window's focus vfunc asks it first). */
gboolean _cn_window_focus_regions (CnWindow *self, GtkDirectionType direction);
/* Folded, brings the request shown to the front. */
void _cn_window_show_request_page (CnWindow *self);
/* cn-window-corrections.c */
void _cn_window_class_init_corrections (GtkWidgetClass *widget_class);
void _cn_window_init_corrections (CnWindow *self);

/* cn-window-import.c */
void _cn_window_class_init_import (GtkWidgetClass *widget_class);
void _cn_window_init_import (CnWindow *self);

/* For the UI tests */

/* What the narrowed window shows: "list", "detail" or "review" when folded
 * to one column, "content" when the list is folded away but request and
 * review show side by side, "all" when nothing is folded. */
const char *_cn_window_get_navigation_page (CnWindow *self);

const char *_cn_window_get_visible_page (CnWindow *self);
/* The open New request dialog, or NULL. */
GtkWindow *_cn_window_get_new_request_dialog (CnWindow *self);
/* "list" or "no-match" (the filter hides every request). */
const char *_cn_window_get_list_page (CnWindow *self);
/* TRUE while the requests are being checked in the background, or until that
 * starts (after the window's first frame). */
gboolean _cn_window_is_analysing (CnWindow *self);
/* From how many requests the list reads its ids in a worker (see
 * cn_request_list_new_in_background()): below, reading them in place is
 * quicker than the round trip. Tests set it to 0. */
extern guint _cn_window_background_list_min;
/* The open Campaigns window, or NULL. */
GtkWindow *_cn_window_get_campaigns_dialog (CnWindow *self);
gboolean _cn_window_select_request (CnWindow *self, gint64 request_id);

/* The open requester's page (a CnRequesterPage), or NULL. */
GtkWindow *_cn_window_get_requester_page (CnWindow *self);

/* The open reply (Ask for motivation, Decline) or override dialog, or NULL. */
GtkWindow *_cn_window_get_reply_dialog (CnWindow *self);
GtkWindow *_cn_window_get_override_dialog (CnWindow *self);
/* The open "Sign Your Forwards" dialog (an AdwMessageDialog), or NULL. */
GtkWindow *_cn_window_get_name_dialog (CnWindow *self);

/* Forward and "Open in Mail" hand a mailto: URI to the desktop; with a hook
 * set, the hook gets it instead (and counts as handed over). NULL restores
 * the desktop. */
void _cn_window_set_uri_hook (CnWindow *self, CnUriHook hook, gpointer data);

/* Import: the chooser and a drop on the window both come here. */
void _cn_window_import_files (CnWindow *self, GFile **files, guint n);
/* The open import dialog (a CnImportDialog), or NULL. */
GtkWindow *_cn_window_get_import_dialog (CnWindow *self);
GtkDropTarget *_cn_window_get_drop_target (CnWindow *self);
/* The open Import file chooser (a GtkFileChooserNative), or NULL. */
GtkNativeDialog *_cn_window_get_file_chooser (CnWindow *self);

/* Mail through the account. */
/* What closing Preferences does: the account is read again. */
void _cn_window_reload_account (CnWindow *self);
gboolean _cn_window_is_checking_mail (CnWindow *self);
gboolean _cn_window_is_sending (CnWindow *self);
/* The title of the last toast about mail, sending or recording, or NULL. */
const char *_cn_window_get_last_toast (CnWindow *self);
/* Shows the check's progress bar at @fraction, as during a check (screenshots). */
void _cn_window_show_mail_progress (CnWindow *self, double fraction);

G_END_DECLS
