/* main.c - command dispatch only. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lw_search.h"

typedef struct command {
	const char *name;
	int (*run)(lw_cli *c, int argc, char **argv);
	const char *summary; /* one line, Dutch */
	const char *usage;   /* the command's --help */
	void (*help)(void);  /* more help, printed after usage, or NULL */
} command;

static const command commands[] = {
	{"import", lw_cmd_import, "gegevens importeren (een bestand, of alle referentiegegevens)",
	 "gebruik: leerwerk import KIND BESTAND [--prune] [--skip-invalid] [--rejects UIT.csv]\n"
	 "         leerwerk import reference [--data MAP] [...]\n"
	 "\n"
	 "Importeert een CSV-bestand (UTF-8, komma's, RFC 4180) in de database, per sleutel:\n"
	 "nieuwe rijen worden toegevoegd, gewijzigde bijgewerkt; twee keer hetzelfde bestand\n"
	 "importeren verandert niets. Een import is een transactie: een ongeldige rij keurt\n"
	 "het hele bestand af en de database blijft zoals ze was (afsluitstatus 2). De eerste\n"
	 "20 fouten staan op stderr als BESTAND:REGEL: kolom 'NAAM': reden.\n"
	 "\n"
	 "  --prune          verwijder sleutels die in de database staan maar niet in het bestand\n"
	 "  --skip-invalid   leg de goede rijen vast en meld de afgekeurde (afsluitstatus 0)\n"
	 "  --rejects UIT    schrijf elke afgekeurde rij met regel, kolom en reden naar UIT (CSV)\n"
	 "  --sleutel B      trajecten: het bestand met de pseudonimiseringssleutel (64\n"
	 "                   hexadecimale tekens); anders LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND\n"
	 "                   of LEERWERK_PSEUDONIEM_SLEUTEL. Een BSN wordt alleen een pseudoniem;\n"
	 "                   het wordt nergens bewaard, en in meldingen en --rejects gemaskeerd\n"
	 "  --json           het resultaat als JSON\n"
	 "\n"
	 "Op een terminal toont een import die langer dan een seconde duurt een\n"
	 "voortgangsregel op stderr.\n"
	 "\n"
	 "Omgeving: LEERWERK_IMPORT_CACHE_KIB, de paginacache tijdens een import in KiB\n"
	 "(standaard 524288; alleen gebruikt wat nodig is); LEERWERK_PROGRESS_AFTER_MS,\n"
	 "na hoeveel milliseconden de voortgangsregel verschijnt (standaard 1000).\n"
	 "\n"
	 "'import reference' laadt alle referentiegegevens uit de map van --data\n"
	 "(LEERWERK_DATA) in een transactie: regions, municipalities, postcodes,\n"
	 "qualifications en occupations.\n"
	 "\n"
	 "Soorten (KIND):\n",
	 lw_cmd_import_help},
	{"search", lw_cmd_search, "zoeken in kwalificaties, beroepen, opleidingen, EVC, leerbedrijven, vacatures",
	 "gebruik: leerwerk search ZOEKVRAAG [--near POSTCODE|PLAATS [--km N]] [--kind SOORT]\n"
	 "                       [--sort relevantie|afstand|datum] [--facets]\n"
	 "                       [--limit N] [--offset N] [--verbose] [--json]\n"
	 "\n"
	 "Zoekt in alle registers: kwalificaties, beroepen (met hun synoniemen),\n"
	 "opleidingen, EVC-procedures, leerbedrijven, vacatures, regelingen en loketten.\n"
	 "Woorden worden herkend met en zonder accenten, in hun vormen\n"
	 "(verpleegkundigen vindt verpleegkundige), als deel van een samenstelling\n"
	 "(zorg vindt ouderenzorg), als afkorting (bbl, evc, roc) en met een tikfout.\n"
	 "Zoekvraag: woorden, \"een zin\", -uitsluiten, begin*, een crebocode of een\n"
	 "postcode, en filters veld:waarde: niveau:2 (1-4, mbo, ad, hbo, wo),\n"
	 "regio:utrecht, soort:vacature, leerweg:bbl, domein:zorg, aanbieder:NAAM,\n"
	 "doelgroep:werkgever (of werknemer, student, professional, werkzoekende).\n"
	 "\n"
	 "  --near P       bij een postcode of plaats; met afstand per resultaat\n"
	 "  --km N         straal rond --near (standaard 25 km)\n"
	 "  --kind SOORT   alleen kwalificatie, beroep, opleiding, evc, leerbedrijf,\n"
	 "                 vacature, regeling of loket\n"
	 "  --sort S       relevantie (standaard), afstand (met --near) of datum\n"
	 "  --facets       tellingen per soort, niveau, leerweg, domein, regio,\n"
	 "                 aanbieder en doelgroep\n"
	 "  --limit N      hoeveel resultaten (standaard 10, hoogstens 1000)\n"
	 "  --offset N     resultaten overslaan (volgende pagina)\n"
	 "  --verbose      de opbouw van de zoekindex melden op stderr\n"
	 "  --explain W    wat de zoekindex van woord W weet: stam en delen\n",
	 NULL},
	{"suggest", lw_cmd_suggest, "aanvullingen voor een zoekvraag die nog getypt wordt",
	 "gebruik: leerwerk suggest BEGIN [--json]\n"
	 "\n"
	 "De beste 8 aanvullingen van het laatste woord (verpleegk -> verpleegkundige).\n",
	 NULL},
	{"where", lw_cmd_where, "waar ligt een postcode of gemeente, en welk loket hoort erbij",
	 "gebruik: leerwerk where POSTCODE|GEMEENTECODE|NAAM [--json]\n"
	 "\n"
	 "Toont gemeente, provincie, arbeidsmarktregio en het leerwerkloket voor een postcode\n"
	 "(3511 of 3511 AB), een gemeentecode (GM0344) of een gemeente- of plaatsnaam\n"
	 "(hoofdletters en accenten doen er niet toe). Een naam die bij meer gemeenten past\n"
	 "(Bergen) geeft de kandidaten. Afsluitstatus 1 als niets of meer dan een gemeente past.\n", NULL},
	{"loket", lw_cmd_loket, "het netwerk van leerwerkloketten: zoeken, dekking, lijst",
	 "gebruik: leerwerk loket find POSTCODE|GEMEENTE [--json]\n"
	 "         leerwerk loket coverage [--json]\n"
	 "         leerwerk loket list [--json]\n"
	 "\n"
	 "find      het loket dat een postcode of gemeente bedient, met contactgegevens\n"
	 "coverage  gemeenten zonder loket en met meer dan een loket; afsluitstatus 1 als\n"
	 "          het netwerk niet landelijk dekkend is\n"
	 "list      alle loketten met het aantal gemeenten dat ze bedienen\n"
	 "\n"
	 "Zonder geladen netwerk is er een standaardloket per arbeidsmarktregio. Het echte\n"
	 "netwerk laadt u met 'leerwerk import loketten BESTAND' (zie docs/formats/loketten.md).\n", NULL},
	{"routes", lw_cmd_routes, "alle wegen naar een diploma: school, leerbedrijf, EVC, beroepen",
	 "gebruik: leerwerk routes CREBO [--near POSTCODE|PLAATS] [--km N] [--json]\n"
	 "\n"
	 "Toont voor een kwalificatie (crebo-code, 5 cijfers) elke weg ernaartoe: de\n"
	 "opleidingen (BOL, BBL, deeltijd), de erkende leerbedrijven voor leren en werken\n"
	 "(BBL), de EVC-procedures (verlopen accreditaties staan achteraan, als verlopen),\n"
	 "de beroepen (ESCO) waar ze toe leidt en de open vacatures voor die beroepen.\n"
	 "Voorbeeldgegevens zijn gemarkeerd. Elke lijst toont er hoogstens 20 en het totaal.\n"
	 "\n"
	 "  --near P   alleen wat binnen --km ligt van een postcode, gemeente of plaats,\n"
	 "             het dichtstbijzijnde eerst (afstand hemelsbreed); EVC-procedures\n"
	 "             zeggen of ze de arbeidsmarktregio van die plaats bedienen\n"
	 "  --km N     de straal rond --near in kilometers (standaard 25, hoogstens 500)\n"
	 "\n"
	 "Afsluitstatus 1 voor een onbekende kwalificatie of plaats, of een plaatsnaam die\n"
	 "bij meer gemeenten past; 2 voor een ongeldige crebo-code of afstand.\n", NULL},
	{"vraag", lw_cmd_question, "een vraag vastleggen voor het loket van een postcode (helpdesk)",
	 "gebruik: leerwerk vraag stel --postcode P --onderwerp O --doelgroep G\n"
	 "                           (--email E | --telefoon T) [--naam N] TEKST\n"
	 "\n"
	 "Legt een vraag vast voor het leerwerkloket dat de postcode bedient, zoals het\n"
	 "formulier 'Stel je vraag' dat doet, en toont het vraagnummer (LW- en 8 tekens) en\n"
	 "het loket. Voor de telefonische helpdesk: het kanaal is 'telefoon'. De woorden van\n"
	 "TEKST hoeven niet tussen aanhalingstekens.\n"
	 "\n"
	 "  --postcode P    4 cijfers en eventueel 2 letters (3511 of 3511 AB)\n"
	 "  --onderwerp O   evc, duaal, scholing, financiering, werk of anders\n"
	 "  --doelgroep G   werkgever, werknemer, student, professional of werkzoekende\n"
	 "  --email E       e-mailadres; --email of --telefoon is verplicht (mag allebei)\n"
	 "  --telefoon T    Nederlands nummer: 10 cijfers (06-12345678), +31 of 0800/0900\n"
	 "  --naam N        naam van de vrager (hoogstens 100 tekens)\n"
	 "  --kanaal K      telefoon (standaard) of balie\n"
	 "\n"
	 "TEKST is 10 tot en met 2000 tekens. Elke fout staat op stderr als 'leerwerk:\n"
	 "--OPTIE: melding', allemaal tegelijk; dan is er niets vastgelegd (afsluitstatus 2).\n"
	 "Een postcode zonder loket geeft afsluitstatus 1.\n",
	 NULL},
	{"vragen", lw_cmd_questions, "het aantal vragen per loket en per onderwerp",
	 "gebruik: leerwerk vragen [--van DATUM] [--tot DATUM] [--json]\n"
	 "\n"
	 "Telt de vragen van 'Stel je vraag' (alle kanalen) per leerwerkloket en per\n"
	 "onderwerp. Elk loket van het netwerk staat erin, ook zonder vragen; een loket dat\n"
	 "niet meer bestaat staat eronder met een *, want zijn vragen blijven bewaard.\n"
	 "\n"
	 "  --van DATUM   vanaf deze dag (JJJJ-MM-DD)\n"
	 "  --tot DATUM   tot en met deze dag (JJJJ-MM-DD)\n"
	 "\n"
	 "Dagen gaan in UTC, zoals de tijden van ontvangst zijn opgeslagen.\n",
	 NULL},
	{"serve", lw_cmd_serve, "de webserver: het portaal en de JSON-API over HTTP",
	 "gebruik: leerwerk serve [--listen ADRES:POORT] [--threads N] [--static MAP]\n"
	 "\n"
	 "Bouwt de zoekindex een keer en beantwoordt dan verzoeken over HTTP tot SIGTERM\n"
	 "of SIGINT (Ctrl-C): lopende verzoeken worden afgemaakt, de database wordt netjes\n"
	 "gesloten, dan stopt het met afsluitstatus 0. Het adres staat op stderr\n"
	 "('leerwerk: luistert op http://127.0.0.1:8080'), en daarna een JSON-regel per\n"
	 "verzoek (methode, pad, status, ms). De database moet bijgewerkt zijn\n"
	 "('leerwerk db migrate'); vragen van bezoekers worden erin opgeslagen.\n"
	 "\n"
	 "Instellingen (optie, anders omgevingsvariabele, anders de standaard):\n"
	 "  --listen A     IP-adres en poort (LEERWERK_LISTEN; standaard 127.0.0.1:8080;\n"
	 "                 IPv6 als [::1]:8080; poort 0 kiest een vrije)\n"
	 "  --threads N    threads die verzoeken afhandelen, 1 tot en met 256\n"
	 "                 (LEERWERK_THREADS; standaard 4)\n"
	 "  --static MAP   de map met CSS en pictogram van het portaal (LEERWERK_STATIC;\n"
	 "                 standaard de map static/ van de build)\n"
	 "  --db PAD       de database (LEERWERK_DB; standaard var/leerwerk.db)\n"
	 "  LEERWERK_HELPDESK_TELEFOON  het nummer van de helpdesk (standaard 0800-1618)\n"
	 "  LEERWERK_HELPDESK_UREN      wanneer de helpdesk bereikbaar is (standaard\n"
	 "                 'maandag tot en met vrijdag van 9.00 tot 17.00 uur')\n"
	 "  LEERWERK_VRAGEN_PER_UUR     vragen per uur per IP-adres via formulier en API\n"
	 "                 (standaard 10; 0 = geen grens)\n"
	 "  LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND (of LEERWERK_PSEUDONIEM_SLEUTEL) en\n"
	 "  LEERWERK_MONITOR_TOKEN      de sleutel die een BSN een pseudoniem maakt en het\n"
	 "                 token (minstens 32 tekens) voor POST /api/v1/trajectories;\n"
	 "                 zonder beide legt de server geen trajecten vast (503)\n"
	 "\n"
	 "Pagina's (HTML, werken zonder JavaScript):\n"
	 "  /                          beginpagina met zoeken en de vijf ingangen\n"
	 "  /voor/GROEP                werkgever, werknemer, student, professional,\n"
	 "                             werkzoekende\n"
	 "  /zoeken?q=...              resultaten met filters, pagina's en volgorde\n"
	 "  /SOORT/SLEUTEL             een item: /kwalificatie/25180, /vacature/...\n"
	 "  /loket?plaats=P            het leerwerkloket voor een postcode of gemeente\n"
	 "  /loketten                  alle loketten per arbeidsmarktregio\n"
	 "  /vraag                     'Stel je vraag' (POST slaat de vraag op)\n"
	 "  /helpdesk                  telefoonnummer en openingstijden\n"
	 "\n"
	 "JSON-API (fouten als application/problem+json; beschreven in\n"
	 "/api/v1/openapi.json):\n"
	 "  /api/v1/search?q=...       zoeken, als 'leerwerk search --json'; verder kind,\n"
	 "                             near, km, sort (relevantie|afstand|datum),\n"
	 "                             facets=1, offset en limit\n"
	 "  /api/v1/suggest?q=...      hoogstens 8 aanvullingen\n"
	 "  /api/v1/items/SOORT/SLEUTEL  een item met zijn gegevens en verwijzingen\n"
	 "  /api/v1/routes/CREBO       alle wegen naar een diploma, als 'leerwerk routes\n"
	 "                             --json'; verder near en km\n"
	 "  /api/v1/desks?plaats=P     het loket voor een postcode of gemeente\n"
	 "  /api/v1/regions            de arbeidsmarktregio's met hun loketten\n"
	 "  POST /api/v1/questions     een vraag (JSON) voor het loket\n"
	 "  POST /api/v1/trajectories  een leerwerktraject (JSON) voor de monitor, met\n"
	 "                             Authorization: Bearer TOKEN\n"
	 "\n"
	 "Beheer: /healthz ('ok' en het aantal items) en /metrics (Prometheus: verzoeken\n"
	 "per route en status, duur, items, vragen).\n"
	 "\n"
	 "Grenzen: een verzoek mag hoogstens 64 KB aan gegevens hebben (anders 413) en\n"
	 "32 KB aan kopregels; een verbinding die 30 seconden stil is wordt gesloten;\n"
	 "hoogstens 512 verbindingen tegelijk.\n",
	 NULL},
	{"monitor", lw_cmd_monitor,
	 "de monitor: trajecten, doelen, voortgang, begroting, rapporten",
	 "gebruik: leerwerk monitor programma|add|dubbel|tel|sleutel|herbereken|report ...\n"
	 "       leerwerk monitor programma [--bestand BESTAND] [--json]\n"
	 "\n"
	 "De monitor van Leren & Werken telt de leerwerktrajecten (EVC en duaal) tegen de\n"
	 "doelen van het programma en zet de begroting af tegen wat ze oplevert.\n"
	 "\n"
	 "programma   het programma: periode, landelijk doel en subdoelen per jaar (met\n"
	 "            welke trajecten ze tellen), uitgangspositie, ambities, indicatoren,\n"
	 "            begroting en financiering per regel en jaar met de totalen, en de\n"
	 "            controles (klopt). Zonder --bestand het ingebouwde plan van aanpak\n"
	 "            2008-2011.\n"
	 "\n"
	 "  --bestand B   lees het programma uit bestand B (JSON, zie\n"
	 "                docs/formats/programma.md); een bestand dat niet klopt geeft\n"
	 "                de precieze fout als BESTAND:PAD: reden (afsluitstatus 2)\n"
	 "\n"
	 "Bedragen staan in miljoenen euro met een decimale komma; in --json in duizenden\n"
	 "euro (gehele getallen).\n",
	 lw_cmd_monitor_help},
	{"db", lw_cmd_db, "de database: status, migreren, controleren, back-up",
	 "gebruik: leerwerk db status|migrate|check|backup BESTAND [--json]\n"
	 "\n"
	 "status    schemaversie en openstaande migraties (afsluitstatus 1 als die er zijn)\n"
	 "migrate   maak de database aan of werk het schema bij\n"
	 "check     PRAGMA integrity_check\n"
	 "backup    kopieer de database naar BESTAND, ook terwijl leerwerk draait\n", NULL},
	{"demo", lw_cmd_demo, "voorbeeldgegevens maken voor de registers",
	 "gebruik: leerwerk demo generate [--scale N] [--seed S] [--json]\n"
	 "\n"
	 "Vervangt de voorbeeldgegevens in de registers door nieuwe, gebouwd op de\n"
	 "referentiegegevens: verzonnen aanbieders, opleidingen, EVC-procedures,\n"
	 "leerbedrijven en vacatures op echte kwalificaties, plaatsen en beroepen, en de\n"
	 "regelingen uit het plan. Alles is gemarkeerd als voorbeeld; echte gegevens\n"
	 "blijven staan. Schaal 1 (standaard) is ongeveer 50.000 items, schaal 20 ongeveer\n"
	 "een miljoen. Dezelfde schaal en seed geven dezelfde gegevens.\n",
	 NULL},
	{"summary", lw_cmd_summary, "wat de database bevat",
	 "gebruik: leerwerk summary [--json]\n"
	 "\n"
	 "Telt wat de database bevat: referentiegegevens en het loketnetwerk.\n", NULL},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char common_help[] =
	"\n"
	"Voor elk commando:\n"
	"  --db PAD       de database (omgeving: LEERWERK_DB; standaard var/leerwerk.db\n"
	"                 in de huidige map)\n"
	"  --data MAP     de referentiegegevens (omgeving: LEERWERK_DATA; standaard\n"
	"                 ../shared/data vanuit de map van het project)\n"
	"  --json         uitvoer voor programma's in plaats van voor mensen\n"
	"  --help         uitleg bij het commando\n"
	"\n"
	"Afsluitstatus: 0 gelukt, 1 mislukt (niet gevonden, databasefout, netwerk niet\n"
	"dekkend), 2 ongeldige invoer of verkeerd gebruik. Fouten staan op stderr als\n"
	"'leerwerk: ...'.\n";

static void usage(FILE *f)
{
	fprintf(f, "leerwerk %s - het informatiesysteem van Leren & Werken\n\n", LW_VERSION);
	fprintf(f, "gebruik: leerwerk COMMANDO [OPTIES] [ARGUMENTEN]\n\nCommando's:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs(common_help, f);
}

static void command_help(const command *cmd)
{
	fputs(cmd->usage, stdout);
	if (cmd->help)
		cmd->help();
	fputs(common_help, stdout);
}

/*
 * Moves the common options given before the command (`leerwerk --db X where
 * 3511`) behind it, where every command parses them. Returns the index of
 * the command in argv, or argc when there is none.
 */
static int hoist_common_options(int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 || strcmp(a, "--data") == 0)
			i += 2;
		else if (strncmp(a, "--db=", 5) == 0 || strncmp(a, "--data=", 7) == 0 ||
			 strcmp(a, "--json") == 0)
			i += 1;
		else
			break;
	}
	if (i >= argc || i == 1)
		return i >= argc && i > 1 ? argc : i;
	/* Rotate argv[1..i] so the command comes first, then its options. */
	char *cmd = argv[i];
	memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
	argv[1] = cmd;
	return 1;
}

int main(int argc, char **argv)
{
	/* Every connection knows the search tokenizer (the index needs it). */
	if (lw_search_init() != LW_OK) {
		lw_cli_error("kan de zoekfunctie niet starten");
		return LW_EXIT_FAIL;
	}
	if (argc < 2 || hoist_common_options(argc, argv) >= argc) {
		usage(stderr);
		return LW_EXIT_INPUT;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		/* `help import`, wherever the common options stand. */
		for (int a = 2; a < argc; a++)
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(commands[i].name, argv[a]) == 0) {
					command_help(&commands[i]);
					return LW_EXIT_OK;
				}
		usage(stdout);
		return LW_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("leerwerk %s\n", LW_VERSION);
		return LW_EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		for (int a = 2; a < argc; a++) {
			if (strcmp(argv[a], "--") == 0)
				break;
			if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
				command_help(&commands[i]);
				return LW_EXIT_OK;
			}
		}
		lw_cli c = {.command = name};
		int ex = commands[i].run(&c, argc - 2, argv + 2);
		/* Output that did not arrive is a failure, whatever the command did. */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			lw_cli_error("kan de uitvoer niet schrijven");
			return ex == LW_EXIT_OK ? LW_EXIT_FAIL : ex;
		}
		return ex;
	}
	lw_cli_error("onbekend commando '%s' (zie leerwerk --help)", name);
	return LW_EXIT_INPUT;
}
