"""Demo coverage: the founding story's facts, told in our own words.

Everything here comes from the founding article (see the README): who said what,
where, and the figures it reports. Its dates are relative ("last Wednesday", "just
days after"), so events carry month precision, never an invented day. Quotes are
short and attributed.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Byline,
    LiveCoverage,
    LiveUpdate,
    Section,
    Topic,
)
from articles.text import normalise_text_fields, plain_text
from events.models import Event, Figure, Place, Precision
from sources.models import Quote, Source

JANUARY_2026 = datetime.date(2026, 1, 1)

SECTIONS = [
    {"slug": "security", "name": "Security", "position": 1},
    {"slug": "politics", "name": "Politics", "position": 2},
    {"slug": "explainers", "name": "Explainers", "position": 3},
]

TOPICS = [
    {
        "slug": "isis",
        "name": "ISIS",
        "aliases": "IS\nISIL\nIslamic State\nDaesh\nداعش",
        "is_featured": True,
        "description": "The Islamic State group, its fighters, cells and detainees.",
    },
    {
        "slug": "us-withdrawal",
        "name": "US withdrawal",
        "aliases": "Coalition withdrawal\nUS pullout\nانسحاب القوات الأمريكية",
        "is_featured": True,
        "description": "The end of the US-led coalition's military presence in Iraq.",
    },
    {
        "slug": "detainees",
        "name": "ISIS detainees",
        "aliases": "Prisoners\nDetention\nمعتقلو داعش",
        "is_featured": True,
        "description": "Prisons and camps holding ISIS fighters and their families.",
    },
    {
        "slug": "border-security",
        "name": "Border security",
        "aliases": "Iraqi–Syrian border\nBorder control\nأمن الحدود",
        "is_featured": True,
        "description": "Control of the frontier between Iraq and Syria.",
    },
    {
        "slug": "iraqi-sovereignty",
        "name": "Iraqi sovereignty",
        "aliases": "Sovereignty\nالسيادة",
        "description": "Debate over what the withdrawal means for Iraq's independence.",
    },
    {
        "slug": "iraq-us-relations",
        "name": "Iraq–US relations",
        "aliases": "Baghdad–Washington relations",
        "description": "The relationship between Baghdad and Washington.",
    },
    {
        "slug": "syria",
        "name": "Syria",
        "aliases": "سوريا",
        "description": "Developments across the border in Syria.",
    },
]

# Coordinates are approximate and only for places a map can usefully pin.
PLACES = [
    {"slug": "iraq", "name": "Iraq", "kind": "country", "aliases": "العراق"},
    {"slug": "syria", "name": "Syria", "kind": "country", "aliases": "سوريا"},
    {
        "slug": "turkiye",
        "name": "Türkiye",
        "kind": "country",
        "aliases": "Turkiye\nTurkey",
    },
    {
        "slug": "al-anbar",
        "name": "Al-Anbar",
        "kind": "province",
        "parent": "iraq",
        "aliases": "Anbar\nالأنبار",
        "latitude": "33.200000",  # near the province's centre
        "longitude": "42.100000",
    },
    {
        "slug": "nineveh",
        "name": "Nineveh",
        "kind": "province",
        "parent": "iraq",
        "aliases": "Ninawa\nنينوى",
        "latitude": "36.100000",  # near the province's centre
        "longitude": "42.600000",
    },
    {
        "slug": "ain-al-asad",
        "name": "Ain al-Asad airbase",
        "kind": "airbase",
        "parent": "al-anbar",
        "aliases": "Al Asad Airbase\nAin al-Assad\nقاعدة عين الأسد",
        "latitude": "33.785600",
        "longitude": "42.441200",
    },
    {
        "slug": "iraq-syria-border",
        "name": "Iraqi–Syrian border",
        "kind": "border",
        "aliases": "Iraq-Syria border\nالحدود العراقية السورية",
        "description": "The 618-kilometre frontier between Iraq and Syria.",
        # A line, not a point: pinned at its main crossing, al-Qaim–Albu Kamal.
        "latitude": "34.450000",
        "longitude": "40.930000",
    },
    {
        "slug": "hasakah",
        "name": "Hasakah",
        "kind": "city",
        "parent": "syria",
        "aliases": "al-Hasakah\nHasaka\nالحسكة",
        "latitude": "36.500000",
        "longitude": "40.750000",
    },
    {
        "slug": "qamishli",
        "name": "Qamishli",
        "kind": "city",
        "parent": "syria",
        "aliases": "al-Qamishli\nالقامشلي",
        "latitude": "37.050000",
        "longitude": "41.220000",
    },
    {
        "slug": "al-hol",
        "name": "al-Hol camp",
        "kind": "camp",
        "parent": "syria",
        "aliases": "al-Hawl\nمخيم الهول",
        "latitude": "36.382500",
        "longitude": "41.148300",
    },
    {
        "slug": "al-ghwayran-prison",
        "name": "al-Ghwayran prison",
        "kind": "prison",
        "parent": "hasakah",
        "aliases": "Ghuwayran prison\nGhwayran\nسجن غويران",
        "latitude": "36.481000",
        "longitude": "40.735000",
    },
]

SOURCES = [
    {
        "slug": "government-of-iraq",
        "name": "Government of Iraq",
        "kind": "organisation",
        "country": "Iraq",
        "aliases": "Iraqi government\nBaghdad\nالحكومة العراقية",
        "description": "Iraq's federal government in Baghdad.",
    },
    {
        "slug": "council-of-representatives",
        "name": "Council of Representatives of Iraq",
        "kind": "organisation",
        "country": "Iraq",
        "aliases": "Iraqi parliament\nمجلس النواب العراقي",
        "description": "Iraq's parliament.",
    },
    {
        "slug": "us-central-command",
        "name": "US Central Command",
        "kind": "organisation",
        "country": "United States",
        "aliases": "CENTCOM\nالقيادة المركزية الأمريكية",
        "description": "The US military command responsible for the Middle East.",
    },
    {
        "slug": "syrian-democratic-forces",
        "name": "Syrian Democratic Forces",
        "kind": "organisation",
        "country": "Syria",
        "aliases": "SDF\nقسد",
        "description": "Kurdish-led forces that held prisons and camps in north-east Syria.",
    },
    {
        "slug": "syrian-government",
        "name": "Syrian government",
        "kind": "organisation",
        "country": "Syria",
        "aliases": "Damascus\nالحكومة السورية",
        "description": "Syria's government, whose forces regained areas held by the SDF.",
    },
    {
        "slug": "adnan-al-kinani",
        "name": "Adnan al-Kinani",
        "kind": "person",
        "role": "Retired brigadier general",
        "country": "Iraq",
        "aliases": "Adnan al-Kenani\nعدنان الكناني",
        "description": "Retired Iraqi brigadier general and security commentator.",
    },
    {
        "slug": "nawal-al-moussawi",
        "name": "Nawal al-Moussawi",
        "kind": "person",
        "role": "Political researcher",
        "country": "Iraq",
        "aliases": "Nawal al-Musawi\nنوال الموسوي",
        "description": "Iraqi political researcher.",
    },
    {
        "slug": "ahmed-karim-al-dulaimi",
        "name": "Ahmed Karim al-Dulaimi",
        "kind": "person",
        "role": "Member of parliament",
        "affiliation": "council-of-representatives",
        "country": "Iraq",
        "aliases": "Ahmed al-Dulaimi\nأحمد كريم الدليمي",
        "description": "Member of Iraq's Council of Representatives.",
    },
    {
        "slug": "mithal-al-alusi",
        "name": "Mithal al-Alusi",
        "kind": "person",
        "role": "Veteran Iraqi politician",
        "country": "Iraq",
        "aliases": "Mithal al-Alousi\nمثال الآلوسي",
        "description": "Veteran Iraqi politician.",
    },
]

MAIN_STORY = {
    "slug": "ain-al-asad-withdrawal-and-detainee-transfers-test-iraq",
    "language": "en",
    "section": "security",
    "headline": "Ain al-Asad handover and ISIS detainee transfers put Iraq's security to the test",
    "standfirst": (
        "Days after US forces left the western airbase, Washington began moving ISIS "
        "detainees from north-east Syria into Iraq. Officials call it sovereignty "
        "restored; analysts see a heavier load on Iraqi institutions."
    ),
    "body": """
<p>Iraq announced that US forces had left Ain al-Asad airbase in Al-Anbar. Within days,
Washington started a separate mission: moving ISIS detainees held in north-east Syria
into Iraqi custody. The two steps landed almost together, and they have revived an old
argument in Baghdad about whether the end of the coalition era strengthens the state or
leaves it more exposed.</p>
<p>Iraqi officials present the pullout as the result of long negotiations and a symbolic
return of sovereignty. Security analysts agree it was expected, but point out that Iraq
now carries, on its own, the border, the prisons and internal security at a time when
control in Syria is changing hands.</p>
<h2>A change of shape, not an exit</h2>
<p>The relationship with Washington is moving from troops on the ground to advice and
training. Political researcher Nawal al-Moussawi argues that the coalition's role is
being transformed rather than ended, and that Iraq may yet need outside help to guard
detention sites. She notes that many detainees are foreign nationals whose home
countries, several of them European, refuse to take them back.</p>
<p>Retired brigadier general Adnan al-Kinani accepts the withdrawal but faults the
timing, saying Baghdad put prisoner transfers ahead of securing its external
cooperation. Lawmaker Ahmed Karim al-Dulaimi ties the decision to domestic pressure and
repeated attacks on coalition bases, and warns of gaps in intelligence and technical
support. Veteran politician Mithal al-Alusi goes furthest, saying Washington no longer
sees Baghdad as a dependable partner.</p>
<h2>Prisons across the border</h2>
<p>In Syria, government forces have taken over areas the Syrian Democratic Forces used
to hold, including prisons and camps near the Iraqi border such as al-Hol, al-Hasakah
and Qamishli. Estimates put about 12,000 foreign ISIS fighters in al-Ghwayran prison
alone, nearly 2,000 of them senior figures, alongside thousands of relatives.</p>
<p>US Central Command said 150 detainees had been moved from Hasakah to Iraq to prevent
escapes, and that up to 7,000 more could follow. Experts say the shifts make the
618-kilometre border harder to hold, especially in Nineveh and Al-Anbar, although Iraqi
authorities insist layered defences keep it largely secure.</p>
""",
    "topics": [
        "us-withdrawal",
        "isis",
        "detainees",
        "border-security",
        "iraqi-sovereignty",
    ],
    "places": [
        "ain-al-asad",
        "al-anbar",
        "hasakah",
        "al-hol",
        "qamishli",
        "al-ghwayran-prison",
        "nineveh",
        "iraq-syria-border",
    ],
    "dateline": "iraq",
    "quotes": [
        (
            "adnan-al-kinani",
            "The decision did not come as a surprise",
            "speaking to Shafaq News",
        ),
        (
            "adnan-al-kinani",
            "confusion in managing security priorities",
            "on the timing of the transfers",
        ),
        (
            "nawal-al-moussawi",
            "The coalition exited through the door, but it may return through the window",
            "speaking to Shafaq News",
        ),
        (
            "nawal-al-moussawi",
            "an international responsibility rather than a national one",
            "on foreign detainees",
        ),
        (
            "ahmed-karim-al-dulaimi",
            "The immediate outcome is a symbolic boost to sovereignty and the handover of bases",
            "speaking to Shafaq News",
        ),
        (
            "mithal-al-alusi",
            "The United States does not view Iraq as a friend or ally",
            "speaking to Shafaq News",
        ),
    ],
}

EXPLAINER = {
    "slug": "detainee-transfer-in-numbers",
    "language": "en",
    "section": "explainers",
    "headline": "The detainee transfer in numbers",
    "standfirst": (
        "How many ISIS fighters are held across the border, how many have been moved, "
        "and how long the frontier is."
    ),
    "body": """
<p>US Central Command reported that 150 ISIS detainees were moved from Hasakah in
north-east Syria to Iraq, and said up to 7,000 more could follow.</p>
<p>The largest single site is al-Ghwayran prison, estimated to hold about 12,000 foreign
ISIS fighters, nearly 2,000 of them senior figures, as well as thousands of their
relatives.</p>
<p>The border they would cross runs 618 kilometres between Iraq and Syria, through the
provinces of Nineveh and Al-Anbar on the Iraqi side.</p>
""",
    "topics": ["detainees", "isis", "border-security"],
    "places": ["al-ghwayran-prison", "hasakah", "iraq-syria-border"],
    "dateline": "iraq",
    "quotes": [],
}

ARABIC_STORY = {
    "slug": "عين-الأسد-ونقل-معتقلي-داعش",
    "language": "ar",
    "section": "security",
    "translation_of": MAIN_STORY["slug"],
    "headline": "تسليم عين الأسد ونقل معتقلي داعش يضعان أمن العراق أمام اختبار",
    "standfirst": (
        "بعد أيام من مغادرة القوات الأمريكية القاعدة الجوية في الأنبار، بدأت واشنطن "
        "نقل معتقلين من داعش من شمال شرق سوريا إلى العراق."
    ),
    "body": """
<p>أعلن العراق مغادرة القوات الأمريكية قاعدة عين الأسد في الأنبار، وبعد أيام بدأت
واشنطن مهمة لنقل معتقلي تنظيم داعش من شمال شرق سوريا إلى الأراضي العراقية.</p>
<p>أعلنت القيادة المركزية الأمريكية نقل 150 معتقلاً من الحسكة، مع توقع نقل ما يصل إلى
7000 آخرين. ويقدَّر عدد المقاتلين الأجانب في سجن غويران وحده بنحو 12 ألفاً.</p>
""",
    "topics": ["us-withdrawal", "isis", "detainees"],
    "places": ["ain-al-asad", "hasakah", "al-ghwayran-prison"],
    "dateline": "iraq",
    "quotes": [],
}

# The founding story's Sorani edition: our own shorter telling, as the desk would write
# it for Kurdish readers (not a word-for-word translation).
KURDISH_STORY = {
    "slug": "عەین-ئەسەد-و-گواستنەوەی-دەستگیرکراوانی-داعش",
    "language": "ckb",
    "section": "security",
    "translation_of": MAIN_STORY["slug"],
    "headline": (
        "ڕادەستکردنی عەین ئەسەد و گواستنەوەی دەستگیرکراوانی داعش ئاسایشی عێراق "
        "دەخەنە بەردەم تاقیکردنەوە"
    ),
    "standfirst": (
        "چەند ڕۆژێک دوای ئەوەی هێزەکانی ئەمریکا بنکە ئاسمانییەکەی ئەنباریان بەجێهێشت، "
        "واشنتن دەستی کرد بە گواستنەوەی دەستگیرکراوانی داعش لە باکووری ڕۆژهەڵاتی "
        "سووریاوە بۆ عێراق."
    ),
    "body": """
<p>عێراق ڕایگەیاند کە هێزەکانی ئەمریکا بنکەی ئاسمانیی عەین ئەسەد لە پارێزگای ئەنباریان
بەجێهێشتووە. چەند ڕۆژێک دواتر واشنتن ئەرکێکی دیکەی دەستپێکرد: گواستنەوەی دەستگیرکراوانی
داعش لە باکووری ڕۆژهەڵاتی سووریاوە بۆ بەندیخانەکانی عێراق.</p>
<p>فەرماندەیی ناوەندیی ئەمریکا ڕایگەیاند کە 150 دەستگیرکراو لە حەسەکەوە گوازراونەتەوە و
لەوانەیە تا 7000ی دیکەش بگوازرێنەوە. تەنها لە بەندیخانەی غوەیران نزیکەی 12 هەزار
چەکداری بیانی ڕاگیراون.</p>
<p>بەرپرسانی عێراقی کشانەوەکە بە گەڕانەوەی سەروەری دەزانن. شارەزایانی ئاسایش دەڵێن عێراق
ئێستا بە تەنیا بەرپرسی سنوور و بەندیخانەکان و ئاسایشی ناوخۆیە، لە کاتێکدا دەسەڵات لە
سووریا دەستاودەست دەکات.</p>
""",
    "topics": ["us-withdrawal", "isis", "detainees"],
    "places": ["ain-al-asad", "hasakah", "al-ghwayran-prison"],
    "dateline": "iraq",
    "quotes": [],
}

# The vocabularies in the other editions: the project's own Arabic and Sorani names
# (terms as in locale/GLOSSARY.md). seed_demo fills a translated column only while it
# is empty, so an editor's wording is never overwritten.
VOCABULARY_TRANSLATIONS = {
    "sections": {
        "security": {"ar": {"name": "الأمن"}, "ckb": {"name": "ئاسایش"}},
        "politics": {"ar": {"name": "السياسة"}, "ckb": {"name": "سیاسەت"}},
        "explainers": {"ar": {"name": "شروحات"}, "ckb": {"name": "ڕاڤەکان"}},
    },
    "topics": {
        "isis": {
            "ar": {
                "name": "داعش",
                "description": "تنظيم الدولة الإسلامية ومقاتلوه وخلاياه ومحتجزوه.",
            },
            "ckb": {
                "name": "داعش",
                "description": "ڕێکخراوی دەوڵەتی ئیسلامی، چەکدار و شانە و دەستگیرکراوەکانی.",
            },
        },
        "us-withdrawal": {
            "ar": {
                "name": "الانسحاب الأمريكي",
                "description": "نهاية الوجود العسكري للتحالف بقيادة الولايات المتحدة في العراق.",
            },
            "ckb": {
                "name": "کشانەوەی ئەمریکا",
                "description": "کۆتایی هاتنی ئامادەیی سەربازیی هاوپەیمانی بە سەرکردایەتی ئەمریکا لە عێراق.",
            },
        },
        "detainees": {
            "ar": {
                "name": "محتجزو داعش",
                "description": "السجون والمخيمات التي تضم مقاتلي داعش وعائلاتهم.",
            },
            "ckb": {
                "name": "دەستگیرکراوانی داعش",
                "description": "ئەو بەندیخانە و کەمپانەی چەکدارانی داعش و خێزانەکانیانی تێدایە.",
            },
        },
        "border-security": {
            "ar": {
                "name": "أمن الحدود",
                "description": "ضبط الحدود بين العراق وسوريا.",
            },
            "ckb": {
                "name": "ئاسایشی سنوور",
                "description": "کۆنترۆڵکردنی سنووری نێوان عێراق و سووریا.",
            },
        },
        "iraqi-sovereignty": {
            "ar": {"name": "السيادة العراقية"},
            "ckb": {"name": "سەروەریی عێراق"},
        },
        "iraq-us-relations": {
            "ar": {"name": "العلاقات العراقية الأمريكية"},
            "ckb": {"name": "پەیوەندییەکانی عێراق و ئەمریکا"},
        },
        "syria": {"ar": {"name": "سوريا"}, "ckb": {"name": "سووریا"}},
    },
    "places": {
        "iraq": {"ar": {"name": "العراق"}, "ckb": {"name": "عێراق"}},
        "syria": {"ar": {"name": "سوريا"}, "ckb": {"name": "سووریا"}},
        "turkiye": {"ar": {"name": "تركيا"}, "ckb": {"name": "تورکیا"}},
        "al-anbar": {"ar": {"name": "الأنبار"}, "ckb": {"name": "ئەنبار"}},
        "nineveh": {"ar": {"name": "نينوى"}, "ckb": {"name": "نەینەوا"}},
        "ain-al-asad": {
            "ar": {"name": "قاعدة عين الأسد الجوية"},
            "ckb": {"name": "بنکەی ئاسمانیی عەین ئەسەد"},
        },
        "iraq-syria-border": {
            "ar": {
                "name": "الحدود العراقية السورية",
                "description": "الحدود الممتدة 618 كيلومتراً بين العراق وسوريا.",
            },
            "ckb": {
                "name": "سنووری عێراق و سووریا",
                "description": "سنووری 618 کیلۆمەتریی نێوان عێراق و سووریا.",
            },
        },
        "hasakah": {"ar": {"name": "الحسكة"}, "ckb": {"name": "حەسەکە"}},
        "qamishli": {"ar": {"name": "القامشلي"}, "ckb": {"name": "قامیشلۆ"}},
        "al-hol": {"ar": {"name": "مخيم الهول"}, "ckb": {"name": "کەمپی هۆل"}},
        "al-ghwayran-prison": {
            "ar": {"name": "سجن غويران"},
            "ckb": {"name": "بەندیخانەی غوەیران"},
        },
    },
    "sources": {
        "government-of-iraq": {
            "ar": {
                "name": "الحكومة العراقية",
                "country": "العراق",
                "description": "الحكومة الاتحادية العراقية في بغداد.",
            },
            "ckb": {
                "name": "حکومەتی عێراق",
                "country": "عێراق",
                "description": "حکومەتی فیدراڵیی عێراق لە بەغدا.",
            },
        },
        "council-of-representatives": {
            "ar": {
                "name": "مجلس النواب العراقي",
                "country": "العراق",
                "description": "البرلمان العراقي.",
            },
            "ckb": {
                "name": "ئەنجومەنی نوێنەرانی عێراق",
                "country": "عێراق",
                "description": "پەرلەمانی عێراق.",
            },
        },
        "us-central-command": {
            "ar": {
                "name": "القيادة المركزية الأمريكية",
                "country": "الولايات المتحدة",
                "description": "القيادة العسكرية الأمريكية المسؤولة عن الشرق الأوسط.",
            },
            "ckb": {
                "name": "فەرماندەیی ناوەندیی ئەمریکا",
                "country": "ویلایەتە یەکگرتووەکان",
                "description": "ئەو فەرماندەییە سەربازییەی ئەمریکا کە بەرپرسی ڕۆژهەڵاتی ناوەڕاستە.",
            },
        },
        "syrian-democratic-forces": {
            "ar": {
                "name": "قوات سوريا الديمقراطية",
                "country": "سوريا",
                "description": "قوات بقيادة كردية كانت تدير سجوناً ومخيمات في شمال شرق سوريا.",
            },
            "ckb": {
                "name": "هێزەکانی سووریای دیموکرات",
                "country": "سووریا",
                "description": "هێزێکی بە سەرکردایەتی کورد کە بەندیخانە و کەمپەکانی باکووری ڕۆژهەڵاتی سووریای بەڕێوەدەبرد.",
            },
        },
        "syrian-government": {
            "ar": {"name": "الحكومة السورية", "country": "سوريا"},
            "ckb": {"name": "حکومەتی سووریا", "country": "سووریا"},
        },
        "adnan-al-kinani": {
            "ar": {"name": "عدنان الكناني", "role": "عميد متقاعد", "country": "العراق"},
            "ckb": {
                "name": "عەدنان کینانی",
                "role": "عەمیدی خانەنشین",
                "country": "عێراق",
            },
        },
        "nawal-al-moussawi": {
            "ar": {"name": "نوال الموسوي", "role": "باحثة سياسية", "country": "العراق"},
            "ckb": {
                "name": "نەوال مووسەوی",
                "role": "توێژەری سیاسی",
                "country": "عێراق",
            },
        },
        "ahmed-karim-al-dulaimi": {
            "ar": {
                "name": "أحمد كريم الدليمي",
                "role": "عضو مجلس النواب",
                "country": "العراق",
            },
            "ckb": {
                "name": "ئەحمەد کەریم دولەیمی",
                "role": "ئەندامی پەرلەمان",
                "country": "عێراق",
            },
        },
        "mithal-al-alusi": {
            "ar": {
                "name": "مثال الآلوسي",
                "role": "سياسي عراقي مخضرم",
                "country": "العراق",
            },
            "ckb": {
                "name": "میسال ئالووسی",
                "role": "سیاسەتمەدارێکی کۆنی عێراقی",
                "country": "عێراق",
            },
        },
    },
    "events": {
        "us-forces-leave-ain-al-asad": {
            "ar": {
                "title": "القوات الأمريكية تغادر قاعدة عين الأسد الجوية",
                "summary": (
                    "أعلن العراق انسحاب القوات الأمريكية من قاعدة عين الأسد في الأنبار "
                    "وتسليمها إلى السيطرة العراقية."
                ),
            },
            "ckb": {
                "title": "هێزەکانی ئەمریکا بنکەی ئاسمانیی عەین ئەسەد بەجێدەهێڵن",
                "summary": (
                    "عێراق ڕایدەگەیەنێت کە هێزەکانی ئەمریکا لە بنکەی عەین ئەسەد لە ئەنبار "
                    "کشاونەتەوە و بنکەکە ڕادەستی دەسەڵاتی عێراقی کراوە."
                ),
            },
        },
        "syrian-forces-take-over-sdf-prisons-and-camps": {
            "ar": {
                "title": "القوات الحكومية السورية تسيطر على سجون ومخيمات كانت بيد قسد",
                "summary": (
                    "استعادت القوات الحكومية السورية مناطق كانت تسيطر عليها قوات سوريا "
                    "الديمقراطية، بينها سجون ومخيمات تضم مقاتلي داعش وعائلاتهم قرب "
                    "الحدود العراقية، مثل الهول والحسكة والقامشلي."
                ),
            },
            "ckb": {
                "title": "هێزەکانی حکومەتی سووریا دەست بەسەر بەندیخانە و کەمپەکانی هەسەدەدا دەگرن",
                "summary": (
                    "هێزەکانی حکومەتی سووریا ئەو ناوچانەیان گرتەوە کە لە ژێر دەستی "
                    "هێزەکانی سووریای دیموکرات بوون، لەوانە بەندیخانە و کەمپەکانی "
                    "چەکدارانی داعش و خێزانەکانیان لە نزیک سنووری عێراق، وەک هۆل و "
                    "حەسەکە و قامیشلۆ."
                ),
            },
        },
        "centcom-transfers-150-detainees-to-iraq": {
            "ar": {
                "title": "القيادة المركزية الأمريكية تنقل 150 محتجزاً من داعش من الحسكة إلى العراق",
                "summary": (
                    "أعلنت القيادة المركزية الأمريكية نقل 150 محتجزاً من داعش من الحسكة "
                    "إلى العراق لمنع فرارهم، وقالت إن ما يصل إلى 7000 آخرين قد يُنقلون."
                ),
            },
            "ckb": {
                "title": "فەرماندەیی ناوەندیی ئەمریکا 150 دەستگیرکراوی داعش لە حەسەکەوە دەگوازێتەوە بۆ عێراق",
                "summary": (
                    "فەرماندەیی ناوەندیی ئەمریکا ڕایگەیاند کە بۆ ڕێگرتن لە هەڵاتنیان، 150 "
                    "دەستگیرکراوی داعشی لە حەسەکەوە گواستۆتەوە بۆ عێراق و لەوانەیە تا "
                    "7000ی دیکەش بگوازرێنەوە."
                ),
            },
        },
    },
}

# A live story, restating in our own words what was reported about the transfers.
# The article dates them only to January 2026, so the updates claim no clock time
# for the events: each is timed when the desk posted it (here: when seed_demo ran,
# ten minutes apart), and the text says what was reported, not when it happened.
LIVE_STORY = {
    "slug": "live-detainee-transfers-from-hasakah",
    "language": "en",
    "section": "security",
    "headline": "ISIS detainees moved from Hasakah to Iraqi custody",
    "standfirst": (
        "We follow the transfer of ISIS detainees from prisons in north-east Syria to "
        "Iraq, update by update, from what officials and analysts say on the record."
    ),
    "body": """
<p>This page follows the transfer of ISIS detainees from the Hasakah area of north-east
Syria into Iraq. The newest updates are at the top; key events are listed first.</p>
""",
    "dateline": "hasakah",
    "topics": ["detainees", "isis", "border-security"],
    "places": ["hasakah", "al-ghwayran-prison", "iraq-syria-border"],
    "quotes": [],
    "key_points": (
        "US Central Command reports 150 detainees moved from Hasakah to Iraq.\n"
        "Up to 7,000 more could follow, by the US military's estimate.\n"
        "Many are foreign nationals whose home countries will not take them back."
    ),
    "updates": [
        {
            "title": "Following the transfers",
            "body": "<p>We are following the move of ISIS detainees held in and around "
            "Hasakah into Iraqi custody. Updates appear here as officials speak.</p>",
        },
        {
            "title": "First group handed over",
            "key_event": True,
            "body": "<p>US Central Command says 150 detainees have been taken from "
            "Hasakah to Iraq, a step it presents as a way to prevent escapes while "
            "control of Syrian prisons changes hands.</p>",
        },
        {
            "title": "More could follow",
            "key_event": True,
            "body": "<p>The same statement puts the number who could follow at up to "
            "7,000. No timetable has been given for further transfers.</p>",
        },
        {
            "title": "Where they were held",
            "body": "<p>Many of the detainees come from al-Ghwayran prison in Hasakah, "
            "estimated to hold about 12,000 foreign ISIS fighters, nearly 2,000 of "
            "them described as senior figures.</p>",
        },
        {
            "title": "A heavier load on Iraq",
            "pinned": True,
            "body": "<p>Analysts we have quoted warn that Iraq now guards the prisons, "
            "the 618 km border with Syria and its own cities largely alone, after the "
            "US withdrawal from bases such as Ain al-Asad.</p>",
        },
    ],
}

EVENTS = [
    {
        "slug": "us-forces-leave-ain-al-asad",
        "title": "US forces leave Ain al-Asad airbase",
        "summary": (
            "Iraq announces that US forces have withdrawn from Ain al-Asad airbase in "
            "Al-Anbar, handing the base to Iraqi control."
        ),
        "category": "withdrawal",
        "place": "ain-al-asad",
        "importance": 3,
        "actors": ["government-of-iraq"],
        "topics": ["us-withdrawal", "iraqi-sovereignty"],
        "articles": [MAIN_STORY["slug"], ARABIC_STORY["slug"], KURDISH_STORY["slug"]],
    },
    {
        "slug": "syrian-forces-take-over-sdf-prisons-and-camps",
        "title": "Syrian government forces take over SDF-held prisons and camps",
        "summary": (
            "Syrian government forces regain areas held by the Syrian Democratic Forces, "
            "including prisons and camps holding ISIS fighters and their families near "
            "the Iraqi border, such as al-Hol, al-Hasakah and Qamishli."
        ),
        "category": "territorial_control",
        "place": "hasakah",
        "importance": 3,
        "actors": ["syrian-government", "syrian-democratic-forces"],
        "topics": ["syria", "detainees", "isis"],
        "articles": [MAIN_STORY["slug"]],
    },
    {
        "slug": "centcom-transfers-150-detainees-to-iraq",
        "title": "US Central Command moves 150 ISIS detainees from Hasakah to Iraq",
        "summary": (
            "US Central Command announces the transfer of 150 ISIS detainees from "
            "Hasakah to Iraq to prevent escapes, saying up to 7,000 more could follow."
        ),
        "category": "detainee_transfer",
        "place": "hasakah",
        "importance": 3,
        "actors": ["us-central-command", "government-of-iraq"],
        "topics": ["detainees", "isis", "border-security"],
        "articles": [
            MAIN_STORY["slug"],
            EXPLAINER["slug"],
            ARABIC_STORY["slug"],
            KURDISH_STORY["slug"],
        ],
    },
]

# The explainer is the story "in numbers": the figures are reported in it (and
# charted on its page); the main story links the same events.
FIGURES = [
    {
        "value": Decimal("12000"),
        "qualifier": "about",
        "unit": "",
        "counts": "foreign ISIS fighters held at al-Ghwayran prison",
        "basis": "estimate",
        "place": "al-ghwayran-prison",
        "article": EXPLAINER["slug"],
    },
    {
        "value": Decimal("2000"),
        "qualifier": "nearly",
        "unit": "",
        "counts": "senior ISIS leaders among the al-Ghwayran prisoners",
        "basis": "estimate",
        "place": "al-ghwayran-prison",
        "article": EXPLAINER["slug"],
    },
    {
        "value": Decimal("150"),
        "qualifier": "exact",
        "unit": "",
        "counts": "ISIS detainees transferred from Hasakah to Iraq",
        "basis": "official",
        "source": "us-central-command",
        "event": "centcom-transfers-150-detainees-to-iraq",
        "article": EXPLAINER["slug"],
    },
    {
        "value": Decimal("7000"),
        "qualifier": "up_to",
        "unit": "",
        "counts": "further detainees who could be transferred to Iraq",
        "basis": "estimate",
        "source": "us-central-command",
        "event": "centcom-transfers-150-detainees-to-iraq",
        "article": EXPLAINER["slug"],
    },
    {
        "value": Decimal("618"),
        "qualifier": "exact",
        "unit": "km",
        "counts": "of border between Iraq and Syria",
        "basis": "official",
        "place": "iraq-syria-border",
        "article": EXPLAINER["slug"],
    },
]


# What each figure counts, in the other editions (filled only while empty, as above).
FIGURE_TRANSLATIONS = {
    "foreign ISIS fighters held at al-Ghwayran prison": {
        "ar": {"counts": "مقاتل أجنبي من داعش محتجزون في سجن غويران"},
        "ckb": {"counts": "چەکداری بیانیی داعش کە لە زیندانی غوەیران دەستگیرکراون"},
    },
    "senior ISIS leaders among the al-Ghwayran prisoners": {
        "ar": {"counts": "قيادي بارز في داعش بين سجناء غويران"},
        "ckb": {"counts": "سەرکردەی باڵای داعش لەناو زیندانییانی غوەیران"},
    },
    "ISIS detainees transferred from Hasakah to Iraq": {
        "ar": {"counts": "محتجزًا من داعش نُقلوا من الحسكة إلى العراق"},
        "ckb": {"counts": "دەستگیرکراوی داعش کە لە حەسەکەوە گوازرانەوە بۆ عێراق"},
    },
    "further detainees who could be transferred to Iraq": {
        "ar": {"counts": "محتجز آخر قد يُنقلون إلى العراق"},
        "ckb": {"counts": "دەستگیرکراوی تر کە لەوانەیە بگوازرێنەوە بۆ عێراق"},
    },
    "of border between Iraq and Syria": {
        "ar": {"counts": "من الحدود بين العراق وسوريا", "unit": "كم"},
        "ckb": {"counts": "لە سنووری نێوان عێراق و سووریا", "unit": "کم"},
    },
}


@transaction.atomic
def seed_demo_coverage() -> dict[str, int]:
    """Load the demo coverage; rows that exist are left untouched. Returns created counts."""
    created = {
        "sections": 0,
        "topics": 0,
        "places": 0,
        "sources": 0,
        "articles": 0,
        "events": 0,
        "figures": 0,
        "translated names": 0,
    }

    sections = {}
    for data in SECTIONS:
        sections[data["slug"]], new = Section.objects.get_or_create(
            slug=data["slug"], defaults=data
        )
        created["sections"] += new

    topics = {}
    for data in TOPICS:
        topics[data["slug"]], new = Topic.objects.get_or_create(
            slug=data["slug"], defaults=data
        )
        created["topics"] += new

    places = {}
    for data in PLACES:
        fields = {k: v for k, v in data.items() if k != "parent"}
        if "parent" in data:
            fields["parent"] = places[data["parent"]]
        places[data["slug"]], new = Place.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        created["places"] += new

    sources = {}
    for data in SOURCES:
        fields = {k: v for k, v in data.items() if k != "affiliation"}
        if "affiliation" in data:
            fields["affiliation"] = sources[data["affiliation"]]
        sources[data["slug"]], new = Source.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        created["sources"] += new

    staff, _ = Author.objects.get_or_create(
        slug="shafaq-news-staff",
        defaults={"name": "Shafaq News staff", "job_title": "Newsroom"},
    )

    articles = {}
    for data in (MAIN_STORY, EXPLAINER, ARABIC_STORY, KURDISH_STORY):
        article = Article.objects.filter(
            language=data["language"], slug=data["slug"]
        ).first()
        if article is None:
            article = _create_article(
                data,
                sections=sections,
                topics=topics,
                places=places,
                sources=sources,
                author=staff,
                articles=articles,
            )
            created["articles"] += 1
        articles[data["slug"]] = article

    if not Article.objects.filter(
        language=LIVE_STORY["language"], slug=LIVE_STORY["slug"]
    ).exists():
        _create_live_story(
            sections=sections, topics=topics, places=places, author=staff
        )
        created["articles"] += 1

    events = {}
    for data in EVENTS:
        event = Event.objects.filter(slug=data["slug"]).first()
        if event is None:
            event = Event.objects.create(
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                category=data["category"],
                importance=data["importance"],
                place=places[data["place"]],
                date=JANUARY_2026,
                date_precision=Precision.MONTH,
            )
            event.actors.set(sources[s] for s in data["actors"])
            event.topics.set(topics[t] for t in data["topics"])
            created["events"] += 1
        # add() is idempotent: a story added since (the Sorani edition) joins an
        # event an older database already had.
        event.articles.add(*(articles[a] for a in data["articles"]))
        events[data["slug"]] = event

    created["translated names"] = _translate_vocabularies(
        {
            "sections": sections,
            "topics": topics,
            "places": places,
            "sources": sources,
            "events": events,
        }
    )

    for data in FIGURES:
        links = {"place", "event", "source", "article"}
        fields = {k: v for k, v in data.items() if k not in links}
        fields["place"] = places.get(data.get("place"))
        fields["event"] = events.get(data.get("event"))
        fields["source"] = sources.get(data.get("source"))
        fields["article"] = articles.get(data.get("article"))
        fields["as_of"] = JANUARY_2026
        fields["as_of_precision"] = Precision.MONTH
        figure, new = Figure.objects.get_or_create(
            counts=data["counts"], defaults=fields
        )
        created["figures"] += new
        created["translated names"] += _fill_empty_columns(
            figure, FIGURE_TRANSLATIONS.get(data["counts"], {})
        )
    return created


def _translate_vocabularies(rows: dict[str, dict]) -> int:
    """Fill the empty Arabic and Sorani columns of the demo vocabularies from
    VOCABULARY_TRANSLATIONS; returns how many rows changed."""
    changed = 0
    for kind, by_slug in VOCABULARY_TRANSLATIONS.items():
        for slug, editions in by_slug.items():
            changed += _fill_empty_columns(rows[kind][slug], editions)
    return changed


def _fill_empty_columns(row, editions: dict[str, dict[str, str]]) -> int:
    """Write `editions` ({language: {field: text}}) into `row`'s empty translated
    columns; 1 if the row changed, else 0."""
    fields = {
        f"{field}_{language}": value
        for language, values in editions.items()
        for field, value in values.items()
        if not getattr(row, f"{field}_{language}")
    }
    if fields:
        type(row).objects.filter(pk=row.pk).update(**fields)
    return int(bool(fields))


def _create_live_story(*, sections, topics, places, author) -> Article:
    """The live demo story, published with its updates timed as the desk posts them."""
    data = LIVE_STORY
    now = timezone.now()
    steps = len(data["updates"])
    started = now - datetime.timedelta(minutes=10 * steps)
    article = _create_article(
        data,
        sections=sections,
        topics=topics,
        places=places,
        sources={},
        author=author,
        articles={},
        published_at=started,
    )
    LiveCoverage.objects.create(
        article=article, started_at=started, key_points=data["key_points"]
    )
    for step, update in enumerate(data["updates"], start=1):
        LiveUpdate.objects.create(
            article=article,
            posted_at=started + datetime.timedelta(minutes=10 * step),
            title=update["title"],
            body=update["body"],
            author=author,
            is_key_event=update.get("key_event", False),
            is_pinned=update.get("pinned", False),
        )
    return article


def _create_article(
    data, *, sections, topics, places, sources, author, articles, published_at=None
) -> Article:
    article = Article.objects.create(
        slug=data["slug"],
        language=data["language"],
        headline=data["headline"],
        standfirst=data["standfirst"],
        body=" ".join(data["body"].split()).replace("> <", "><"),
        section=sections[data["section"]],
        dateline=places[data["dateline"]],
        translation_of=articles.get(data.get("translation_of")),
    )
    article.topics.set(topics[t] for t in data["topics"])
    article.places.set(places[p] for p in data["places"])
    Byline.objects.create(article=article, author=author, position=0)
    for position, (source, text, context) in enumerate(data["quotes"]):
        Quote.objects.create(
            article=article,
            source=sources[source],
            text=text,
            context=context,
            position=position,
        )
    article.publish(at=published_at)
    return article


# Words for the generated live story's updates.
_WORDS = (
    "border security detainees transfer airbase withdrawal coalition Baghdad Anbar "
    "Nineveh Hasakah Qamishli prison camp intelligence sovereignty parliament cells "
    "patrol frontier officials analysts ministry forces handover training advisers"
).split()


def _generated_update(n: int) -> str:
    return f"<p>{' '.join(_WORDS[n % 10 : n % 10 + 15])}.</p>"


def cleaned(objects) -> list:
    """`objects` with their text cleaned as save() would (bulk_create sends no pre_save)."""
    objects = list(objects)
    for instance in objects:
        normalise_text_fields(instance)
    return objects


@transaction.atomic
def generate_live_story(*, updates: int = 200) -> Article:
    """A published live story with `updates` generated updates, one a minute up to
    now (for benchmarks: the live page and the endpoint its readers poll)."""
    author = Author.objects.get(slug="shafaq-news-staff")
    now = timezone.now()
    started = now - datetime.timedelta(minutes=updates + 1)
    article = Article.objects.create(
        headline="Live: generated coverage for the benchmark",
        slug="live-generated-coverage",
        standfirst="Generated updates, one a minute.",
        body="<p>Generated for the benchmark.</p>",
        status=Article.Status.PUBLISHED,
        publish_at=started,
        first_published_at=started,
    )
    Byline.objects.create(article=article, author=author, position=0)
    LiveCoverage.objects.create(
        article=article, started_at=started, key_points="Generated\nFor the bench"
    )
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=article,
            posted_at=started + datetime.timedelta(minutes=n + 1),
            title=f"Generated update {n + 1}",
            body=_generated_update(n),
            body_text=plain_text(_generated_update(n)),  # as LiveUpdate.save() does
            author=author,
            is_key_event=n % 25 == 0,
        )
        for n in range(updates)
    )
    return article
