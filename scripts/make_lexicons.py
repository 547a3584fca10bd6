#!/usr/bin/env python3
"""Regenerate the bias-audit word lists in filters/lexicons/.

Usage:  python3 scripts/make_lexicons.py [BIAS_DATA_DIR]

BIAS_DATA_DIR defaults to ../shared/data/bias relative to the repository root
(i.e. /work/shared/data/bias). Inputs read from it:
  holistic_bias_descriptors.json            HolisticBias descriptors by axis/bucket
  holistic_bias_standalone_noun_phrases.json HolisticBias noun phrases by axis
  holistic_bias_nouns.json                  HolisticBias gendered/neutral person nouns
  identity_adjectives_people.txt            bias-madlibs identity terms (Dixon et al. 2018)
Everything else (pronouns, plurals, demonyms, occupations, exclusions) is held
as plain lists in this file, so the output is reproducible from source.

Output: one lowercase term per line, sorted (Python codepoint order), unique,
at most 3 words (spaces and hyphens separate words, as in the Rust matcher),
preceded by '#' comment lines.
The script re-reads every file it wrote and fails if any rule is broken.
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "filters" / "lexicons"
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "bias"

MAX_WORDS = 3
MAX_TERMS = 420  # "about 400" per identity axis

HB = "HolisticBias (Smith et al. 2022, Meta, CC BY-SA 4.0)"
MADLIBS = "bias-madlibs identity terms (Dixon et al. 2018, Google Jigsaw/Conversation AI)"

# --------------------------------------------------------------------------
# Mapping of HolisticBias axes onto our 7 axes.
# --------------------------------------------------------------------------
HB_AXIS_MAP = {
    "gender_and_sex": "gender",
    "race_ethnicity": "race_ethnicity",
    "religion": "religion",
    "nationality": "nationality",
    "age": "age",
    "ability": "disability",
    "sexual_orientation": "sexual_orientation",
}
# Single buckets of otherwise-dropped axes that clearly belong to one of ours.
HB_BUCKET_IMPORTS = {("cultural", "generations"): "age"}
HB_DROPPED_AXES = {
    "body_type", "characteristics", "cultural", "nonce",
    "political_ideologies", "socioeconomic_class",
}

# bias-madlibs identity terms: the file has no axis labels, so every line is
# assigned here; the script fails if the file holds a term not listed.
MADLIBS_AXIS = {
    "sexual_orientation": ["lesbian", "gay", "bisexual", "queer", "lgbt", "lgbtq",
                           "homosexual", "straight", "heterosexual"],
    "gender": ["transgender", "trans", "male", "female", "nonbinary"],
    "race_ethnicity": ["african", "african american", "black", "white", "european",
                       "hispanic", "latino", "latina", "latinx", "asian", "middle eastern"],
    "nationality": ["mexican", "canadian", "american", "indian", "chinese", "japanese"],
    "religion": ["christian", "muslim", "jewish", "buddhist", "catholic", "protestant",
                 "sikh", "taoist"],
    "age": ["old", "older", "young", "younger", "teenage", "millenial", "middle aged",
            "elderly"],
    "disability": ["blind", "deaf", "paralyzed"],
}

# Terms removed from an axis because they are far more often used in a
# non-identity sense in ordinary English text (reason shown in the file header).
EXCLUDE = {
    "gender": {
        "stud": "animal/hardware", "fruitcake": "food; slur", "fruity": "taste; slur",
        "foc": "acronym clash", "moc": "acronym clash",
    },
    "sexual_orientation": {
        "ace": "card/expert", "bi": "prefix/abbrev.", "pan": "cookware",
        "poly": "prefix/plastics", "fairy": "folklore; slur", "fairies": "folklore; slur",
        "fruit": "food; slur", "fruits": "food; slur",
    },
    "disability": {
        "slow": "speed", "dumb": "'stupid'", "barren": "land", "mute": "audio control",
        "lisp": "programming language", "lisps": "programming language",
        "speech": "generic", "stutters": "verb (engines etc.)",
        "sterile": "'sterile equipment'",
    },
    "age": {"mature": "'mature content/markets'"},
    "race_ethnicity": {"latin": "the language"},
    "religion": {
        "convert": "verb", "converts": "verb",
        "jap": "anti-Japanese slur", "japs": "anti-Japanese slur",
    },
    "nationality": {"polish": "verb/noun", "poles": "rods"},
}

# Comment lines about known over-counting, written into the file header.
NOTES = {
    "race_ethnicity": [
        "colour words 'black'/'white'/'blacks'/'whites' over-count: most uses in ordinary",
        "text are not about race (black car, white paper); weight or disambiguate them",
        "'oriental' (dated/pejorative) is kept as in HolisticBias; it also describes rugs etc.;",
        "'gypsy'/'gypsies' (exonym, often pejorative) also name moths, music styles etc.",
    ],
    "age": [
        "'old', 'older', 'young', 'younger', 'senior', 'adult' over-count (old house,",
        "senior engineer, adult content); 'child'/'kid' forms dominate children's stories",
        "N-year-old forms are listed for N = 1..100; spelled 'twenty-five-year-old' etc. are",
        "4 words (dropped) but still match through 'year-old'",
    ],
    "gender": [
        "'he'/'she'/'his'/'her' density depends heavily on genre (fiction vs. reference);",
        "'man' is also a verb/interjection and 'guys' is often gender-neutral;",
        "'queer'/'lgbt*' are listed under both gender and sexual_orientation, as in HolisticBias",
    ],
    "sexual_orientation": [
        "'straight' (direction, 'straight away') and 'gay' (archaic 'happy') over-count;",
        "'queer'/'lgbt*' also appear in gender.txt, as in HolisticBias",
    ],
    "nationality": [
        "demonyms double as language names (english, french, chinese, ...) and 'indian'",
        "also refers to Indigenous Americans; 'turkish', 'danish', 'swiss' have food senses",
    ],
    "religion": [
        "'christian' is also a given name; 'bible' is used figuratively ('the X bible')",
    ],
    "disability": [
        "'blind', 'deaf', 'paralyzed', 'crippled' are often metaphorical (blind review,",
        "paralyzed by fear); dispreferred HolisticBias descriptors are kept on purpose",
    ],
}

# --------------------------------------------------------------------------
# Hand-added extras (plurals, common words a reviewer would expect).
# --------------------------------------------------------------------------
def words(s):
    return s.split()


GENDER_EXTRA = words("""
females males feminine masculine transgender transsexual intersex cisgender
transwoman transwomen transman transmen genderfluid gender-fluid tomboys
""") + ["trans woman", "trans women", "trans man", "trans men", "gender fluid",
        "gender nonconforming", "gender-nonconforming"]

# Extra gender-marking person words (singular, plural) beyond holistic_bias_nouns.json.
FEMALE_EXTRA = words("""
she her hers herself female females madam ma'am mrs
aunt aunts niece nieces granddaughter granddaughters stepmother stepmothers
stepmom stepmoms stepdaughter stepdaughters stepsister stepsisters
mother-in-law mothers-in-law daughter-in-law daughters-in-law sister-in-law sisters-in-law
bride brides queen queens princess princesses duchess duchesses empress empresses
countess countesses heiress heiresses actress actresses waitress waitresses
hostess hostesses stewardess stewardesses businesswoman businesswomen
chairwoman chairwomen spokeswoman spokeswomen policewoman policewomen
congresswoman congresswomen sportswoman sportswomen heroine heroines nun nuns
housewife housewives lass lasses matriarch matriarchs goddess goddesses
schoolgirl schoolgirls godmother godmothers mum mums mommy mommies mama mamas
granny grannies headmistress headmistresses mistress mistresses
""")
MALE_EXTRA = words("""
he him his himself male males sir mr mister
uncle uncles nephew nephews grandson grandsons stepfather stepfathers
stepdad stepdads stepson stepsons stepbrother stepbrothers
father-in-law fathers-in-law son-in-law sons-in-law brother-in-law brothers-in-law
bridegroom bridegrooms king kings prince princes duke dukes emperor emperors
businessman businessmen chairman chairmen spokesman spokesmen policeman policemen
congressman congressmen sportsman sportsmen fireman firemen fisherman fishermen
salesman salesmen gentleman gentlemen lad lads monk monks patriarch patriarchs
schoolboy schoolboys godfather godfathers daddy daddies papa papas
granddad granddads dude dudes headmaster headmasters
""")
# Gendered nouns taken from HolisticBias 'characteristics' standalone noun phrases
# (the axis itself is dropped; these nouns mark gender).
HB_CHAR_FEMALE = ["girlfriend", "lady friend", "widow", "fiancee", "fiancée", "old maid"]
HB_CHAR_MALE = ["boyfriend", "widower", "fiance", "fiancé"]
# Pronouns found in HolisticBias "uses X/Y pronouns" phrases.
PRONOUN_CLASS = {"she": "female", "her": "female", "he": "male", "him": "male",
                 "they": None, "them": None}  # anything else: neopronoun -> gender.txt

RACE_EXTRA = words("""
africans asians europeans hispanics latinos latinas arabs caucasians blacks whites
aboriginals desis biracial multiracial mixed-race afro-american afro-caribbean
afro-latino afro-latina inuit romani gypsy gypsies hmong maori kurdish kurds
uyghur uyghurs tamil tamils poc
""") + ["latin americans", "native americans", "american indians", "pacific islanders",
        "alaska natives", "native hawaiians", "east asians", "south asians",
        "southeast asians", "middle easterners", "mixed race", "person of colour",
        "people of colour", "ethnic minority", "ethnic minorities", "racial minority",
        "racial minorities", "first nations", "asian americans", "african americans",
        "european americans"]

RELIGION_EXTRA = words("""
christianity islam islamic judaism hinduism buddhism sikhism jainism taoism
confucianism shinto shintoism zoroastrianism atheism agnosticism catholicism
protestantism mormonism paganism wicca scientology satanism religion religions
agnostics church churches mosque mosques synagogue synagogues gurdwara gurdwaras
cathedral cathedrals clergy priest priests pastor pastors imam imams rabbi rabbis
monk monks nun nuns pope bishop bishops reverend baptist baptists anglican
anglicans presbyterian presbyterians episcopalian episcopalians pentecostal
pentecostals quaker quakers shiite shiites sunnis gentile gentiles islamist
islamists non-religious nonreligious quran koran torah bible hijab burqa niqab
kippah yarmulke bahai bahais
""") + ["eastern orthodox", "greek orthodox", "russian orthodox", "orthodox christian",
        "orthodox christians"]

AGE_EXTRA = words("""
teenager teenagers teens adolescents youngster youngsters adults grown-up grown-ups
seniors pensioner pensioners retiree retirees octogenarians nonagenarians
centenarians millennial millennials boomers zoomers child children kid kids
toddler toddlers infant infants juvenile juveniles preteen preteens tween tweens
year-old year-olds
""") + ["senior citizen", "senior citizens", "old age", "years old", "baby boomers",
        "gen x", "gen z", "gen y", "generation x", "generation y", "generation z"]
AGE_NUMERIC_YEARS = range(1, 101)  # "N-year-old"

DISABILITY_EXTRA = words("""
disabled disability disabilities deafness deafblind deaf-blind amputees
paraplegics quadriplegics diabetics epilepsy epileptic adhd aspergers asperger's
braille wheelchair-user wheelchair-users differently-abled visually-impaired
""") + ["hearing aid", "hearing aids", "hearing loss", "sign language", "guide dog",
        "down syndrome", "down's syndrome", "asperger syndrome", "cerebral palsy",
        "multiple sclerosis", "muscular dystrophy", "spina bifida", "special needs",
        "mental illness", "mentally ill", "learning disability", "learning disabilities",
        "physical disability", "physical disabilities", "on the spectrum"]

SEXUAL_ORIENTATION_EXTRA = words("""
gays lesbians bisexuals homosexuals heterosexuals homosexuality heterosexuality
bisexuality asexuality pansexuality polyamory lgbtqia lgbtqia+ lgbt+ lgbtqi glbt
lgb same-sex sapphic
""") + ["same sex", "sexual orientation", "sexual orientations", "sexual minority",
        "sexual minorities"]

# Demonyms (adjective forms), hand-written country list; HolisticBias and
# madlibs nationality terms are merged in on top.
DEMONYMS = words("""
afghan albanian algerian american angolan argentine argentinian armenian australian
austrian azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian belizean
beninese bhutanese bolivian bosnian brazilian british bulgarian burkinabe burmese
burundian cambodian cameroonian canadian chadian chilean chinese colombian congolese
croatian cuban cypriot czech danish dominican dutch ecuadorian egyptian emirati english
eritrean estonian ethiopian fijian filipino finnish french gabonese gambian georgian
german ghanaian greek guatemalan guinean guyanese haitian honduran hungarian icelandic
indian indonesian iranian iraqi irish israeli italian ivorian jamaican japanese
jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz laotian latvian lebanese liberian
libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian malian
maltese mauritanian mauritian mexican moldovan mongolian montenegrin moroccan
mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani
pakistani palestinian panamanian paraguayan peruvian portuguese qatari romanian russian
rwandan salvadoran samoan saudi scottish senegalese serbian singaporean slovak
slovenian somali spanish sudanese surinamese swedish swiss syrian taiwanese tajik
tanzanian thai togolese tongan trinidadian tunisian turkish turkmen ugandan ukrainian
uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
""") + ["costa rican", "new zealander", "north korean", "papua new guinean",
        "puerto rican", "sierra leonean", "south african", "south korean",
        "south sudanese", "sri lankan"]
# Person-noun forms for adjectives whose plural is not "+s".
DEMONYM_NOUNS = {
    "british": ["brit", "brits", "briton", "britons"],
    "spanish": ["spaniard", "spaniards"],
    "danish": ["danes"],
    "swedish": ["swede", "swedes"],
    "finnish": ["finns"],
    "turkish": ["turk", "turks"],
    "scottish": ["scot", "scots"],
    "icelandic": ["icelanders"],
    "luxembourgish": ["luxembourger", "luxembourgers"],
    "czech": ["czechs"],
    "australian": ["aussie", "aussies", "australians"],
}
DEMONYM_INVARIANT = {"kyrgyz", "turkmen", "malagasy", "burkinabe", "swiss", "dutch",
                     "english", "french", "irish", "welsh"}

# Occupations: hand-written list; the first block is the 27 occupations of
# bias-madlibs occupations.txt (conversationai/unintended-ml-bias-analysis,
# archive/unintended_ml_bias/bias_madlibs_data/occupations.txt), kept verbatim.
OCCUPATIONS_MADLIBS = [
    "actor", "architect", "artist", "barber", "coal miner", "computer programmer",
    "dancer", "designer", "doctor", "engineer", "factory worker", "farmer",
    "fire fighter", "hairstylist", "janitor", "lawyer", "machinist", "nurse",
    "photographer", "police officer", "programmer", "reporter", "sales person",
    "scientist", "secretary", "web designer", "writer",
]
OCCUPATIONS_HAND = words("""
accountant actuary administrator analyst anesthesiologist archivist astronaut
astronomer athlete attorney auditor author babysitter baker banker bartender
biologist bookkeeper bricklayer butcher cardiologist caregiver carpenter cashier
ceo cfo chef chemist chiropractor clerk coach comedian composer consultant
counselor courier custodian dentist dermatologist detective developer dietitian
diplomat director dispatcher economist editor electrician entrepreneur firefighter
filmmaker florist gardener geologist hairdresser historian homemaker housekeeper
illustrator interpreter jeweler journalist judge laborer landscaper lecturer
librarian lifeguard locksmith manager mathematician mechanic miner midwife
musician nanny nutritionist officer optometrist painter paralegal paramedic
pediatrician pharmacist philosopher physician physicist physiotherapist pilot
plumber poet politician professor psychiatrist psychologist radiologist
receptionist recruiter referee researcher roofer sailor salesperson sculptor
sheriff singer sociologist soldier statistician stockbroker supervisor surgeon
surveyor teacher technician therapist translator tutor typist umpire veterinarian
welder zoologist
""") + ["air traffic controller", "bus driver", "civil servant", "construction worker",
        "data scientist", "dental hygienist", "flight attendant", "graphic designer",
        "mail carrier", "nursing assistant", "personal assistant", "physical therapist",
        "real estate agent", "security guard", "social worker", "software developer",
        "software engineer", "taxi driver", "teaching assistant", "truck driver",
        "web developer"]
OCCUPATION_EXCLUDED_NOTE = (
    "cook, guard, cleaner, mover, driver, assistant, attendant, tailor, chief, server, "
    "principal, executive are left out as bare words (verbs/other senses); "
    "multi-word forms (security guard, truck driver, ...) are used instead")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------
def nwords(t):
    """Words as the Rust matcher (filters/src/bias.rs, Unicode word boundaries)
    sees them: hyphens and spaces separate words, apostrophes do not."""
    return len([w for w in re.split(r"[\s\-]+", t) if w])


def norm(t):
    t = t.replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    return re.sub(r"\s+", " ", t)


def ascii_fold(t):
    return "".join(c for c in unicodedata.normalize("NFKD", t)
                   if not unicodedata.combining(c))


def plural(noun):
    """English plural of the last word of a (multi-word) noun."""
    head, _, last = noun.rpartition(" ")
    if last.endswith("person"):
        p = last[:-6] + "people"
    elif last.endswith("wife"):
        p = last[:-4] + "wives"
    elif re.search(r"[^aeiou]y$", last):
        p = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        p = last + "es"
    else:
        p = last + "s"
    return (head + " " + p) if head else p


def american_variants(t):
    """'x-american' <-> 'x american', plus plurals of both."""
    m = re.fullmatch(r"(.+?)[- ]american(s?)", t)
    if not m or m.group(1) in ("native", "latin"):
        return {t}
    out = set()
    for sep in ("-", " "):
        out.add(f"{m.group(1)}{sep}american")
        out.add(f"{m.group(1)}{sep}americans")
    return out


def demonym_forms(adj):
    forms = {adj}
    if adj in DEMONYM_NOUNS:
        forms.update(DEMONYM_NOUNS[adj])
    elif re.fullmatch(r".+[- ]american", adj):
        forms.update(american_variants(adj))
    elif adj in DEMONYM_INVARIANT or re.search(r"(ese|ish|ch|ss|sh)$", adj):
        pass
    else:
        forms.add(plural(adj))
    return forms


def load_json(name):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------
# Read the source data
# --------------------------------------------------------------------------
def read_sources():
    desc = load_json("holistic_bias_descriptors.json")
    phrases = load_json("holistic_bias_standalone_noun_phrases.json")
    nouns = load_json("holistic_bias_nouns.json")
    with open(DATA / "identity_adjectives_people.txt", encoding="utf-8") as f:
        madlibs = [norm(l) for l in f if l.strip()]

    unknown = set(desc) - set(HB_AXIS_MAP) - HB_DROPPED_AXES
    assert not unknown, f"unmapped HolisticBias axes: {unknown}"

    hb = {ax: set() for ax in HB_AXIS_MAP.values()}
    for axis, buckets in desc.items():
        for bucket, items in buckets.items():
            target = HB_AXIS_MAP.get(axis) or HB_BUCKET_IMPORTS.get((axis, bucket))
            if not target:
                continue
            for it in items:
                hb[target].add(norm(it["descriptor"] if isinstance(it, dict) else it))

    # Standalone noun phrases: fixed phrases -> strip article; placeholder
    # phrases (ability only) -> keep the identity part after with/who is/...
    hbp = {ax: set() for ax in HB_AXIS_MAP.values()}
    pronouns = set()
    tail_re = re.compile(
        r"(?:with|without|who (?:is|are) confined to|who (?:is|are)|who uses?|"
        r"who walks? with|who incurred)\s+(?:an?\s+)?(.+)")
    # singular -> plural for fixed 'characteristics' phrases (gendered nouns)
    char_nouns = {}
    for it in phrases.get("characteristics", []):
        if isinstance(it, dict) and "{" not in it["noun_phrase"]:
            char_nouns[re.sub(r"^(a|an) ", "", norm(it["noun_phrase"]))] = \
                norm(it.get("plural_noun_phrase") or "")
    for axis, items in phrases.items():
        for it in items:
            forms = [it] if isinstance(it, str) else \
                [it["noun_phrase"], it.get("plural_noun_phrase")]
            for ph in filter(None, forms):
                ph = norm(ph)
                for pair in re.findall(r"\b([a-z]+)/([a-z]+) pronouns", ph):
                    pronouns.update(pair)
                target = HB_AXIS_MAP.get(axis)
                if not target:
                    continue
                if "{" not in ph:
                    if axis == "gender_and_sex":
                        continue  # "person who uses X/Y pronouns": pronouns taken above
                    hbp[target].add(re.sub(r"^(a|an) ", "", ph))
                elif axis == "ability":
                    rest = re.sub(r"^\{article\} \{noun\} ", "", ph)
                    if rest.startswith("on "):
                        hbp[target].add(rest)
                    elif (m := tail_re.fullmatch(rest)):
                        hbp[target].add(m.group(1))
    return hb, hbp, nouns, madlibs, pronouns, char_nouns


def build():
    hb, hbp, nouns, madlibs, pronouns, char_nouns = read_sources()

    # madlibs -> axes
    mapped = {t for ts in MADLIBS_AXIS.values() for t in ts}
    missing = set(madlibs) - mapped
    assert not missing, f"unmapped madlibs terms: {missing}"
    ml = {ax: set(ts) & set(madlibs) for ax, ts in MADLIBS_AXIS.items()}

    # pronouns
    pclass = {p: PRONOUN_CLASS.get(p, "neo") for p in pronouns}
    fem_pron = {p for p, c in pclass.items() if c == "female"}
    male_pron = {p for p, c in pclass.items() if c == "male"}
    neo_pron = {p for p, c in pclass.items() if c == "neo"}

    for t in HB_CHAR_FEMALE + HB_CHAR_MALE:
        assert t in char_nouns, f"{t!r} not in HolisticBias characteristics phrases"

    def with_plural(singulars):  # plural as given by HolisticBias
        return {f for s in singulars for f in (s, char_nouns[s]) if f}

    female = {w for pair in nouns["female"] for w in pair}
    female |= fem_pron | set(FEMALE_EXTRA) | with_plural(HB_CHAR_FEMALE)
    male = {w for pair in nouns["male"] for w in pair}
    male |= male_pron | set(MALE_EXTRA) | with_plural(HB_CHAR_MALE)
    female = {norm(t) for t in female}
    male = {norm(t) for t in male}

    axes = {}
    axes["gender"] = hb["gender"] | hbp["gender"] | ml["gender"] | female | male | \
        neo_pron | set(GENDER_EXTRA)
    axes["sexual_orientation"] = hb["sexual_orientation"] | hbp["sexual_orientation"] | \
        ml["sexual_orientation"] | set(SEXUAL_ORIENTATION_EXTRA)
    race = hb["race_ethnicity"] | hbp["race_ethnicity"] | ml["race_ethnicity"] | set(RACE_EXTRA)
    axes["race_ethnicity"] = {v for t in race for v in american_variants(t)}
    axes["religion"] = hb["religion"] | hbp["religion"] | ml["religion"] | set(RELIGION_EXTRA)
    age_numeric = {f"{n}-year-old" for n in AGE_NUMERIC_YEARS}
    axes["age"] = hb["age"] | hbp["age"] | ml["age"] | set(AGE_EXTRA) | age_numeric | \
        {plural(t) for t in ("adolescent", "octogenarian", "centenarian", "boomer",
                             "zoomer", "baby boomer")}
    axes["disability"] = hb["disability"] | hbp["disability"] | ml["disability"] | \
        set(DISABILITY_EXTRA)
    nat = hb["nationality"] | hbp["nationality"] | ml["nationality"] | set(DEMONYMS)
    axes["nationality"] = {f for t in nat for f in demonym_forms(t)}

    dropped_long = {}
    for ax, terms in axes.items():
        terms = {norm(t) for t in terms}
        terms |= {ascii_fold(t) for t in terms}
        excl = EXCLUDE.get(ax, {})
        terms -= set(excl)
        long = {t for t in terms if nwords(t) > MAX_WORDS}
        dropped_long[ax] = long
        axes[ax] = terms - long

    female = {t for t in female | {ascii_fold(t) for t in female}}
    male = {t for t in male | {ascii_fold(t) for t in male}}
    assert not (female & male), female & male

    occ = set()
    for o in OCCUPATIONS_MADLIBS + OCCUPATIONS_HAND:
        occ |= {o, plural(o)}
    assert not (occ & (female | male)), occ & (female | male)
    return axes, female, male, occ, dropped_long


# --------------------------------------------------------------------------
# Writing and checking
# --------------------------------------------------------------------------
AXIS_TITLE = {
    "gender": "gender and sex",
    "race_ethnicity": "race and ethnicity",
    "religion": "religion",
    "nationality": "nationality (demonyms)",
    "age": "age",
    "disability": "disability (HolisticBias 'ability')",
    "sexual_orientation": "sexual orientation",
}
AXIS_SOURCES = {  # axis -> (HolisticBias parts, madlibs part, hand-added part)
    "gender": (["holistic_bias_descriptors.json axis gender_and_sex",
                "holistic_bias_nouns.json female+male nouns; neopronouns from "
                "holistic_bias_standalone_noun_phrases.json ('uses X/Y pronouns')"],
               "identity_adjectives_people.txt: transgender trans male female nonbinary",
               "all of gendered_female.txt and gendered_male.txt; trans/gender-fluid variants"),
    "race_ethnicity": (["holistic_bias_descriptors.json axis race_ethnicity",
                        "holistic_bias_standalone_noun_phrases.json axis race_ethnicity"],
                       "identity_adjectives_people.txt race/ethnicity terms",
                       "plurals, x-american/x american variants, a few more groups"),
    "religion": (["holistic_bias_descriptors.json axis religion",
                  "holistic_bias_standalone_noun_phrases.json axis religion (jew/jews, muslims, ...)"],
                 "identity_adjectives_people.txt religion terms",
                 "religion names, places of worship, clergy, denominations, scriptures"),
    "nationality": (["holistic_bias_descriptors.json axis nationality"],
                    "identity_adjectives_people.txt nationality terms",
                    "demonym list of {n_demonyms} countries/territories with person-noun plurals"),
    "age": (["holistic_bias_descriptors.json axis age + cultural/generations bucket",
             "holistic_bias_standalone_noun_phrases.json axis age (youth/youths)"],
            "identity_adjectives_people.txt age terms (incl. its spelling 'millenial')",
            "N-year-old for N = 1..100, plurals, common age-group words"),
    "disability": (["holistic_bias_descriptors.json axis ability",
                    "holistic_bias_standalone_noun_phrases.json axis ability (identity part "
                    "of 'with X' / 'who is X' phrases)"],
                   "identity_adjectives_people.txt: blind deaf paralyzed",
                   "common disability words and conditions"),
    "sexual_orientation": (["holistic_bias_descriptors.json axis sexual_orientation",
                            "holistic_bias_standalone_noun_phrases.json axis "
                            "sexual_orientation (fairy, fruit: both excluded)"],
                           "identity_adjectives_people.txt orientation terms",
                           "plurals, -ity nouns, lgbt* variants, same-sex"),
}


def write_list(name, terms, header):
    lines = ["# " + h for h in header] + sorted(terms)
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_file(path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", f"{path}: missing final newline"
    lines = lines[:-1]
    n_comment = 0
    while n_comment < len(lines) and lines[n_comment].startswith("#"):
        n_comment += 1
    assert n_comment > 0, f"{path}: no header"
    terms = lines[n_comment:]
    for t in terms:
        assert t, f"{path}: empty line"
        assert not t.startswith("#"), f"{path}: comment after terms: {t!r}"
        assert t == t.lower(), f"{path}: not lowercase: {t!r}"
        assert t == t.strip() and "  " not in t and "\t" not in t, f"{path}: spacing {t!r}"
        assert nwords(t) <= MAX_WORDS, f"{path}: > {MAX_WORDS} words: {t!r}"
    assert len(set(terms)) == len(terms), f"{path}: duplicates"
    assert terms == sorted(terms), f"{path}: not sorted"
    return len(terms)


def main():
    for f in ("holistic_bias_descriptors.json", "holistic_bias_nouns.json",
              "holistic_bias_standalone_noun_phrases.json", "identity_adjectives_people.txt"):
        assert (DATA / f).is_file(), f"missing input {DATA / f}"
    axes, female, male, occ, dropped_long = build()
    OUT.mkdir(parents=True, exist_ok=True)
    gen = "generated by scripts/make_lexicons.py from /work/shared/data/bias; do not edit by hand"

    for ax, terms in axes.items():
        assert len(terms) <= MAX_TERMS, f"{ax}: {len(terms)} terms"
        header = [f"{ax}.txt: English terms that mention {AXIS_TITLE[ax]}; lowercase, one per line",
                  gen,
                  f"source: {HB}:"]
        hb_parts, ml_part, hand_part = AXIS_SOURCES[ax]
        header += ["  " + s for s in hb_parts]
        header += [f"source: {MADLIBS}:", "  " + ml_part]
        header += ["source: hand-added extras listed in the script: " +
                   hand_part.format(n_demonyms=len(DEMONYMS))]
        if EXCLUDE.get(ax):
            header.append("excluded as ambiguous: " + ", ".join(
                f"{t} ({r})" for t, r in sorted(EXCLUDE[ax].items())))
        if dropped_long[ax]:
            header.append(f"dropped (more than {MAX_WORDS} words, hyphen parts counted): " +
                          ", ".join(sorted(dropped_long[ax])))
        header += ["note: " + n for n in NOTES.get(ax, [])]
        write_list(f"{ax}.txt", terms, header)

    gendered = (
        ("gendered_female.txt", female, "female", HB_CHAR_FEMALE, "she/her",
         "hers/herself, kinship, titles (mrs, madam), -ess/-woman forms",
         "miss, ms (ambiguous: verb, milliseconds/manuscript)"),
        ("gendered_male.txt", male, "male", HB_CHAR_MALE, "he/him",
         "his/himself, kinship, titles (mr, sir), -man forms",
         "lord (mostly God), count, groom (verbs), waiter, actor, hero (used generically)"),
    )
    for name, terms, sex, char, pron, hand, excl in gendered:
        header = [f"{name}: words that mark a person as {sex}; lowercase, one per line",
                  gen,
                  f"source: {HB}:",
                  f"  holistic_bias_nouns.json '{sex}' nouns (singular and plural)",
                  "  holistic_bias_standalone_noun_phrases.json 'characteristics' phrases: " +
                  ", ".join(char),
                  f"  {pron} from its 'a person who uses X/Y pronouns' phrases",
                  f"source: hand-added extras listed in the script: {hand}",
                  f"excluded as ambiguous: {excl}",
                  "note: 'her' is both object and possessive, so her vs his/him counts are "
                  "not symmetric",
                  "note: gendered_female.txt and gendered_male.txt are disjoint; both are "
                  "included in gender.txt"]
        write_list(name, terms, header)

    write_list("occupations.txt", occ, [
        "occupations.txt: common occupation nouns, singular and plural; lowercase, one per line",
        gen,
        "source: hand-written, plus the 27 occupations of bias-madlibs occupations.txt",
        "  (github.com/conversationai/unintended-ml-bias-analysis, "
        "archive/unintended_ml_bias/bias_madlibs_data/occupations.txt) kept verbatim",
        "note: gender-marked forms (actress, policeman, chairman, ...) are in gendered_*.txt, not here",
        "note: " + OCCUPATION_EXCLUDED_NOTE,
        "note: judge, coach, pilot, officer, director, developer, miner are kept although "
        "they have other senses",
    ])

    counts = {}
    for p in sorted(OUT.glob("*.txt")):
        counts[p.name] = check_file(p)
    write_readme(counts)
    for name, n in counts.items():
        print(f"{n:5d}  {name}")


README = """# Lexicons for the bias audit

Plain-text word lists used to count identity mentions in curated text. Each `.txt`
file holds one lowercase English term per line (single words or phrases of at most
3 words, hyphenated forms allowed; hyphen parts count as words because
`filters/src/bias.rs` splits text on Unicode word boundaries and matches at most 3
words, so "african-american" and "african american" are the same key there), sorted
and unique, after a block of `#` comment
lines naming its sources, exclusions and caveats. All files are generated by
`scripts/make_lexicons.py` (`python3 scripts/make_lexicons.py`), which reads the
public data in `/work/shared/data/bias/` and adds the hand-written extras kept as
lists inside the script; do not edit the lists by hand.

Sources: **HolisticBias** (Smith et al. 2022, "I'm sorry to hear that": Finding New
Biases in Language Models with a Holistic Descriptor Dataset, Meta AI,
facebookresearch/ResponsibleNLP, CC BY-SA 4.0) via `holistic_bias_descriptors.json`
(descriptors by axis and bucket), `holistic_bias_standalone_noun_phrases.json` and
`holistic_bias_nouns.json` (female/male/neutral person nouns); and the **bias-madlibs
identity terms** from Google Jigsaw / Conversation AI's unintended-bias work (Dixon et
al. 2018, Measuring and Mitigating Unintended Bias in Text Classification,
conversationai/unintended-ml-bias-analysis) via `identity_adjectives_people.txt`.
HolisticBias axes map as gender_and_sex -> gender, race_ethnicity, religion,
nationality, age (plus its cultural/generations bucket), ability -> disability,
sexual_orientation; body_type, characteristics, cultural, socioeconomic_class,
political_ideologies and nonce are dropped. Both the "reviewed" and "dispreferred"
HolisticBias descriptors are kept (dispreferred ones, e.g. "retarded", "crippled",
"oriental", still mention the axis).

- `gender.txt` ({gender.txt} terms): gender/sex descriptors (HolisticBias gender_and_sex,
  e.g. nonbinary, transgender, cisgender, genderqueer), madlibs male/female/nonbinary/trans,
  neopronouns (xe/xem, ze/zir) from HolisticBias, plus everything in the two gendered
  lists below. Excludes stud, fruitcake, fruity, FoC, MoC (other senses dominate).
- `race_ethnicity.txt` ({race_ethnicity.txt} terms): HolisticBias race_ethnicity
  descriptors and "person/man/woman of color" phrases, madlibs terms, plurals and
  `x-american`/`x american` variants, a few more groups (biracial, inuit, romani, ...).
  "black"/"white" are kept but over-count (colour words); "latin" is excluded (language).
- `religion.txt` ({religion.txt} terms): HolisticBias religion descriptors and noun
  phrases (jew/jews, muslims, ...), madlibs terms, plus religion names, places of worship,
  clergy, denominations and scriptures. Excludes convert(s) (verb) and jap(s) (slur on
  Japanese people in ordinary text); "member of the tribe" is over 3 words.
- `nationality.txt` ({nationality.txt} terms): HolisticBias nationality descriptors
  (including -American compounds, chicano/chicana), madlibs terms, and a hand-written
  demonym list for {n_demonyms} countries with person-noun plurals (americans, brits, spaniards).
  "polish"/"poles" excluded; demonyms also name languages (english, french, chinese).
- `age.txt` ({age.txt} terms): HolisticBias age descriptors and generation names
  (boomer, millennial, gen-z; spelled four-part forms such as "twenty-five-year-old"
  are dropped but still match via "year-old"), madlibs terms, N-year-old for N = 1..100, and common
  words (teenager, child, kids, senior citizen, years old). old/young/senior/adult are
  kept but over-count; "mature" is excluded; "new" was never included.
- `disability.txt` ({disability.txt} terms): HolisticBias ability descriptors, the
  identity part of its noun phrases (wheelchair user, amputee, autism, low vision,
  on the spectrum, ...), madlibs blind/deaf/paralyzed, and common conditions. Excludes
  slow, dumb, barren, sterile, mute, lisp (other senses dominate).
- `sexual_orientation.txt` ({sexual_orientation.txt} terms): HolisticBias
  sexual_orientation descriptors, madlibs terms, plurals and the -ity nouns.
  Excludes ace, bi, pan, poly, fairy, fruit; "straight" and "gay" are kept but over-count.
- `gendered_female.txt` ({gendered_female.txt} terms) / `gendered_male.txt`
  ({gendered_male.txt} terms): words that mark a person as female / male:
  holistic_bias_nouns.json female/male nouns, gendered nouns of HolisticBias
  characteristics phrases (girlfriend, widow, fiancée / boyfriend, widower, fiancé),
  she/her and he/him from its pronoun phrases, plus hers/herself/his/himself, kinship
  terms, titles (mrs, madam / mr, sir) and -ess/-woman/-man forms. "miss", "ms",
  "lord", "groom" are excluded as ambiguous; the two lists are disjoint.
- `occupations.txt` ({occupations.txt} terms): {n_occupations} occupations, singular and plural,
  hand-written plus the 27 bias-madlibs occupations (conversationai/unintended-ml-bias-analysis
  occupations.txt, kept verbatim, e.g. "fire fighter", "sales person"). Gender-marked
  forms (actress, policeman) live in the gendered lists; bare words with strong other
  senses (cook, guard, driver, cleaner, assistant, ...) are replaced by multi-word forms.

Limitations: matching words out of context cannot tell identity uses from other
senses (colour words black/white, old/young, straight, blind, demonyms as language
names), so counts are upper bounds for those terms; "he"/"she" rates depend strongly
on genre (fiction and children's stories are pronoun-heavy, reference text is not), so
compare gender ratios only within one genre; the lists are English only and
US-centric in places (HolisticBias was built from US English); slurs and pejoratives
are not listed beyond those HolisticBias itself carries (retarded, crippled, oriental,
goyim, ...) plus "gypsy"/"gypsies", which are common in ordinary text.
"""


def write_readme(counts):
    text = README.replace("{n_demonyms}", str(len(DEMONYMS)))
    text = text.replace("{n_occupations}", str(len(set(OCCUPATIONS_MADLIBS + OCCUPATIONS_HAND))))
    for name, n in counts.items():
        text = text.replace("{" + name + "}", str(n))
    assert "{" not in text, "unfilled count in README"
    (OUT / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
