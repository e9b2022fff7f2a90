/* SPDX-License-Identifier: GPL-3.0-or-later */

/* How fast the analyzer is, on one core: notes per second on typical notes
 * of 200–800 characters (built from sentences written for this benchmark),
 * and the time for one note of 1 MB, of which the analyzer reads only the
 * first ANALYSED_CHARS characters (a pasted document says what it says in
 * its first pages): that figure is the cost of the prefix and of finding its
 * end, not of analysing 1 MB, and the output says so. Prints figures;
 * asserts nothing. */

#include "config.h"

#include <locale.h>
#include <time.h>

#include "cn-analyzer.h"

/* MAX_ANALYSED_CHARS in cn-analyzer.c. */
#define ANALYSED_CHARS 16384

#define N_NOTES 2000
#define MIN_SECONDS 2.0

/* clang-format off */
static const char *const en_parts[][6] = {
  { "Hello Dana,", "Hi Marc,", "Dear Ms Ito,", "Hello,", "Hi there,", "Good morning Priya," },
  { "I'm a backend engineer at a payments start-up in Lyon.",
    "I lead a team of six data analysts at a regional hospital.",
    "After ten years in retail banking I am moving into product management.",
    "We are a small studio building tools for independent bookshops.",
    "I'm a journalist covering energy policy for a weekly magazine.",
    "I'd like to add you to my professional network." },
  { "We are raising a seed round of 1.2 M€ to open our second warehouse.",
    "I'm writing an article on how councils buy software.",
    "We are hiring our first site reliability engineer.",
    "I am preparing a career change and doing informational interviews.",
    "Our platform helps sales teams close more deals, book a demo today!",
    "We have things in common and I think there could be synergies." },
  { "I read your post on migrating a monolith without downtime.",
    "You led the open-data programme at the city, which is exactly our case.",
    "A mutual friend told me you know the Nordic grocery market well.",
    "Someone like you would be a great fit for our community.",
    "Your talk at the spring meetup on queue design stayed with me.",
    "Your profile is impressive." },
  { "Could we have a 20-minute call next week?",
    "Would you answer three questions by email?",
    "Could you introduce me to your head of procurement?",
    "Would you review a two-page summary of our plan?",
    "Let's connect!",
    "This is urgent, please answer today or I will ask someone else." },
  { "Thanks for your time, Alex.", "Best regards, Sam", "Many thanks,\nJo",
    "Cheers, Lee", "Kind regards,\nRobin Doe", "Thank you!" },
};

static const char *const fr_parts[][6] = {
  { "Bonjour Madame Leroy,", "Bonjour Paul,", "Bonjour,", "Cher Monsieur Diallo,",
    "Salut Inès,", "Madame, Monsieur," },
  { "Je suis contrôleuse de gestion dans l'industrie agroalimentaire depuis huit ans.",
    "Je dirige une association d'aide aux devoirs à Roubaix.",
    "Je suis étudiant en master de droit social à Nantes.",
    "Notre équipe développe un logiciel de planification pour les infirmiers libéraux.",
    "Je souhaiterais vous ajouter à mon réseau professionnel.",
    "Je suis consultant indépendant en transformation numérique." },
  { "Je prépare une reconversion vers les achats responsables.",
    "Nous recrutons un responsable logistique pour notre site de Valence.",
    "J'écris un mémoire sur la gestion de crise dans les collectivités.",
    "Nous levons 800 000 euros pour financer notre premier atelier.",
    "Notre agence propose des solutions pour booster vos ventes, audit gratuit !",
    "Nous avons des points communs et je serais ravi d'échanger avec vous." },
  { "J'ai lu votre article sur les circuits courts dans la restauration collective.",
    "Vous avez accompagné la fusion de deux mutuelles, c'est précisément notre sujet.",
    "Nous nous sommes croisés au salon de l'emploi de Lille en mars.",
    "Votre profil est très intéressant.",
    "Votre intervention sur la sobriété numérique m'a beaucoup appris.",
    "Quelqu'un comme vous saura m'aider." },
  { "Accepteriez-vous un échange de 20 minutes la semaine prochaine ?",
    "Pourriez-vous répondre à trois questions par e-mail ?",
    "Auriez-vous un quart d'heure pour relire notre plan ?",
    "Pourriez-vous me présenter à votre directrice des achats ?",
    "Je relance pour la troisième fois, c'est urgent.",
    "Au plaisir d'échanger !" },
  { "Merci pour votre temps,\nCamille", "Bien cordialement,\nLéa Martin",
    "Belle journée,\nYann", "Merci d'avance !", "Cordialement", "À bientôt,\nNoé" },
};
/* clang-format on */

static char *
make_note (GRand *rand)
{
  gboolean fr = g_rand_boolean (rand);
  GString *note = g_string_new (NULL);
  gsize target;

  for (guint part = 0; part < 6; part++)
    {
      const char *text = fr ? fr_parts[part][g_rand_int_range (rand, 0, 6)]
                            : en_parts[part][g_rand_int_range (rand, 0, 6)];

      g_string_append (note, text);
      g_string_append (note, part == 0 || part == 4 ? "\n\n" : " ");
    }

  /* Notes say more or less: details until a length between 200 and 800. */
  target = (gsize) g_rand_int_range (rand, 200, 800);
  while (note->len < target)
    {
      guint part = (guint) g_rand_int_range (rand, 1, 4);

      g_string_append (note, fr ? fr_parts[part][g_rand_int_range (rand, 0, 6)]
                                : en_parts[part][g_rand_int_range (rand, 0, 6)]);
      g_string_append_c (note, ' ');
    }

  return g_string_free (note, FALSE);
}

/* CPU time of this thread, in seconds: other programs running on the
 * machine do not count. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
time_one (CnAnalyzer *analyzer, const char *text)
{
  CnAnalysisInput input = { .note_to_target = text };
  g_autoptr(CnAnalysis) analysis = NULL;
  double start = cpu_seconds ();

  analysis = cn_analyzer_analyze (analyzer, &input, NULL);
  g_assert (analysis != NULL);
  return (cpu_seconds () - start) * 1000.0;
}

int
main (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) big = g_string_new (NULL);
  CnAnalyzer *analyzer;
  gsize total_chars = 0;
  guint64 analysed = 0;
  double start, seconds, best = G_MAXDOUBLE, worst = 0;

  setlocale (LC_ALL, "");
  analyzer = cn_analyzer_get_default ();

  for (guint i = 0; i < N_NOTES; i++)
    {
      char *note = make_note (rand);

      total_chars += g_utf8_strlen (note, -1);
      g_ptr_array_add (notes, note);
    }

  /* Warm up, then count for at least MIN_SECONDS. */
  for (guint i = 0; i < notes->len; i++)
    time_one (analyzer, g_ptr_array_index (notes, i));

  start = cpu_seconds ();
  do
    {
      for (guint i = 0; i < notes->len; i++)
        {
          CnAnalysisInput input = { .note_to_target = g_ptr_array_index (notes, i) };
          CnAnalysis *analysis = cn_analyzer_analyze (analyzer, &input, NULL);

          g_object_unref (analysis);
        }
      analysed += notes->len;
      seconds = cpu_seconds () - start;
    }
  while (seconds < MIN_SECONDS);

  g_print ("analyzer %s\n", cn_analyzer_get_version (analyzer));
  g_print ("typical notes: %u different ones, %.0f characters on average\n", notes->len,
           (double) total_chars / notes->len);
  g_print ("one core: %.0f notes/s (%" G_GUINT64_FORMAT " notes in %.2f s of CPU time)\n",
           analysed / seconds, analysed, seconds);

  while (big->len < 1024 * 1024)
    {
      g_string_append (big, g_ptr_array_index (notes, big->len % notes->len));
      g_string_append_c (big, '\n');
    }
  for (guint i = 0; i < 5; i++)
    {
      double ms = time_one (analyzer, big->str);

      best = MIN (best, ms);
      worst = MAX (worst, ms);
    }
  g_print ("1 MB note (%" G_GSIZE_FORMAT " bytes): %.1f ms of CPU time (best of 5; worst %.1f ms)\n"
           "  only its first %u characters are analysed: this times that prefix, not 1 MB\n",
           big->len, best, worst, ANALYSED_CHARS);

  return 0;
}
