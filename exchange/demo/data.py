"""The story the demo tells, as plain data. Dates are relative to the day it is loaded."""

from __future__ import annotations

HOME = dict(name="Meridian University", country="JO", city="Amman", schac_code="meridian.example",
            erasmus_code=None, website="https://www.meridian.example")  # fmt: skip

# (code, name, kind, parent code)
UNITS = [
    ("ENG", "Faculty of Engineering", "faculty", None),
    ("ENG-EE", "Department of Electrical and Energy Engineering", "department", "ENG"),
    ("ENG-NANO", "Department of Materials and Nanotechnology", "department", "ENG"),
    ("MED", "Faculty of Medicine and Health Sciences", "faculty", None),
    ("MED-BIO", "Department of Biomedical Sciences", "department", "MED"),
    ("CS", "Faculty of Computing and Information Technology", "faculty", None),
    ("CS-AI", "Department of Artificial Intelligence", "department", "CS"),
    ("AGR", "Faculty of Agriculture", "faculty", None),
    ("AGR-SUS", "Department of Sustainable Agriculture", "department", "AGR"),
    ("HUM", "Faculty of Arts and Humanities", "faculty", None),
    ("HUM-HIS", "Department of History and Philosophy", "department", "HUM"),
    ("IO", "International Office", "office", None),
]

PARTNERS = [
    dict(name="University of Cambridge", country="GB", city="Cambridge", schac_code="cam.ac.uk",
         erasmus_code="UK CAMBRID01", website="https://www.cam.ac.uk"),
    dict(name="University of Oxford", country="GB", city="Oxford", schac_code="ox.ac.uk",
         erasmus_code="UK OXFORD01", website="https://www.ox.ac.uk"),
    dict(name="University of Toronto", country="CA", city="Toronto", schac_code="utoronto.ca",
         erasmus_code=None, website="https://www.utoronto.ca"),
    dict(name="King Abdulaziz University", country="SA", city="Jeddah", schac_code="kau.edu.sa",
         erasmus_code=None, website="https://www.kau.edu.sa"),
    dict(name="United Arab Emirates University", country="AE", city="Al Ain",
         schac_code="uaeu.ac.ae", erasmus_code=None, website="https://www.uaeu.ac.ae"),
    dict(name="University of Tehran", country="IR", city="Tehran", schac_code="ut.ac.ir",
         erasmus_code=None, website="https://ut.ac.ir"),
]  # fmt: skip

# Years are offsets from the current academic year's first calendar year.
PARTNERSHIPS = [
    dict(key="cam-nano", partner="cam.ac.uk", unit="ENG-NANO", state="active", years=(-1, 3),
         title="Nanotechnology and advanced materials", subjects=["0533", "0719"],
         notes="Joint supervision of master's theses in thin-film materials is encouraged.",
         conditions=[("outgoing", "SMS", 4, 36, None, ["7", "8"], "en", "C1"),
                     ("incoming", "SMS", 4, 36, None, ["7", "8"], "en", "B2"),
                     ("outgoing", "STA", 2, None, 10, [], "en", "C1")]),
    dict(key="ox-bio", partner="ox.ac.uk", unit="MED-BIO", state="active", years=(-2, 2),
         title="Biomedical research partnership", subjects=["0512", "0912"],
         notes="Research internships in the Oxford biomedical laboratories each summer.",
         conditions=[("outgoing", "SMT", 3, 9, None, ["7", "8"], "en", "C1"),
                     ("outgoing", "STT", 2, None, 14, [], "en", "B2")]),
    dict(key="uoft-ai", partner="utoronto.ca", unit="CS-AI", state="active", years=(0, 4),
         title="Artificial intelligence and data science exchange", subjects=["0613", "0612"],
         notes=None,
         conditions=[("outgoing", "SMS", 6, 30, None, ["6", "7"], "en", "B2"),
                     ("incoming", "SMS", 4, 20, None, ["6", "7"], "en", "B2")]),
    dict(key="kau-energy", partner="kau.edu.sa", unit="ENG-EE", state="active", years=(-3, 0),
         title="Sustainable energy engineering", subjects=["0713", "0711"],
         notes="Renewal talks are due: the agreement ends this academic year.",
         conditions=[("outgoing", "SMS", 5, 25, None, ["6", "7"], "ar", "B2"),
                     ("outgoing", "SMT", 2, 6, None, ["7"], "en", "B2")]),
    dict(key="uaeu-agri", partner="uaeu.ac.ae", unit="AGR-SUS", state="active", years=(-1, 3),
         title="Sustainable agriculture and food security", subjects=["0811", "052"],
         notes=None,
         conditions=[("outgoing", "SMS", 4, 20, None, ["6", "7"], "en", "B1")]),
    dict(key="ut-hum", partner="ut.ac.ir", unit="HUM-HIS", state="active", years=(0, 2),
         title="Humanities and Persian studies", subjects=["0222", "0232"],
         notes="Courses in Persian; some seminars in English.",
         conditions=[("outgoing", "SMS", 3, 15, None, ["6", "7", "8"], "fa", "B1")]),
    dict(key="cam-hum", partner="cam.ac.uk", unit="HUM", state="draft", years=(1, 5),
         title="Digital humanities (in negotiation)", subjects=["0222"],
         notes="Draft text sent to Cambridge for comments.", conditions=[]),
]  # fmt: skip

# Window offsets in days from today: (opens, closes).
PROGRAMS = [
    dict(partnership="cam-nano", title="Nanotechnology semester at Cambridge", type="SMS",
         term="1", year=1, seats=2, window=(-20, 25), eqf=["7", "8"], min_gpa="3.20",
         language="en", cefr="C1", docs=["transcript", "motivation", "cv", "language"],
         units=["ENG-NANO", "ENG-EE"],
         description="A semester in the Cambridge nanoscience programme with lab rotations."),
    dict(partnership="ox-bio", title="Summer research internship in biomedicine", type="SMT",
         term="summer", year=0, seats=3, window=(-5, 40), eqf=["7", "8"], min_gpa="3.00",
         language="en", cefr="B2", docs=["transcript", "motivation", "cv", "recommendation"],
         units=["MED-BIO"],
         description="Eight to ten weeks in a biomedical research group in Oxford."),
    dict(partnership="uoft-ai", title="AI and data science year in Toronto", type="SMS",
         term="year", year=1, seats=4, window=(-10, 30), eqf=["6", "7"], min_gpa="3.00",
         language="en", cefr="B2", docs=["transcript", "motivation", "language", "passport"],
         units=[], description="A full academic year of courses in machine learning and data."),
    dict(partnership="kau-energy", title="Renewable energy semester at King Abdulaziz University",
         type="SMS", term="2", year=0, seats=3, window=(-30, 10), eqf=["6", "7"], min_gpa=None,
         language="ar", cefr="B2", docs=["transcript", "motivation"], units=["ENG-EE"],
         description="Solar and wind energy systems with site visits in Jeddah."),
    dict(partnership="uaeu-agri", title="Sustainable agriculture semester at UAE University",
         type="SMS", term="1", year=1, seats=3, window=(15, 60), eqf=["6", "7"], min_gpa="2.50",
         language="en", cefr="B1", docs=["transcript", "motivation"], units=["AGR-SUS"],
         description="Arid-land farming, water management and food security."),
    dict(partnership="ut-hum", title="Persian studies semester in Tehran", type="SMS",
         term="1", year=1, seats=2, window=(-15, 45), eqf=["6", "7", "8"], min_gpa=None,
         language="fa", cefr="B1", docs=["transcript", "motivation", "language"],
         units=["HUM-HIS"], description="History, literature and philosophy in Persian."),
]  # fmt: skip

# Calls group programs of one round so that a student ranks several destinations at once.
# (key, title, academic-year offset, max choices, reopening allowed, program titles)
CALLS = [
    ("round-abroad", "Semester and year abroad", 1, 3, True,
     ["Nanotechnology semester at Cambridge", "AI and data science year in Toronto",
      "Sustainable agriculture semester at UAE University", "Persian studies semester in Tehran"]),
    ("summer-research", "Summer research internships", 0, 2, False,
     ["Summer research internship in biomedicine"]),
    ("spring-gulf", "Spring semester in the Gulf", 0, 1, True,
     ["Renewable energy semester at King Abdulaziz University"]),
]  # fmt: skip

DEMO_PASSWORD = "exchange-demo-2026"

# (email, full name, roles, unit code, student fields)
ACCOUNTS = [
    ("student@meridian.example", "Layla Haddad", ["student"], "CS-AI",
     dict(student_number="MU2023-0412", study_level="7", gpa="3.62")),
    ("student2@meridian.example", "Omar Nasser", ["student"], "ENG-NANO",
     dict(student_number="MU2022-1187", study_level="7", gpa="3.41")),
    ("student3@meridian.example", "Sara Karimi", ["student"], "HUM-HIS",
     dict(student_number="MU2024-0093", study_level="6", gpa="3.05")),
    ("faculty@meridian.example", "Dr. Yusuf Rahman", ["faculty"], "ENG-NANO", {}),
    ("faculty2@meridian.example", "Prof. Amina Saleh", ["faculty"], "MED-BIO", {}),
    ("coordinator@meridian.example", "Nadia Farouk", ["coordinator"], "IO", {}),
    ("admin@meridian.example", "Karim Aziz", ["admin"], "IO", {}),
]  # fmt: skip

# Self-declared language levels of the demo students, so the catalogue's verdicts mean something.
LANGUAGE_LEVELS = {
    "student@meridian.example": [("en", "C1"), ("ar", "C2")],
    "student2@meridian.example": [("en", "C1"), ("ar", "C2")],
    "student3@meridian.example": [("fa", "B2"), ("en", "B2"), ("ar", "C2")],
}
