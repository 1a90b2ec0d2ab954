"""The hand-checked example shared by the per-mechanism tests: 10 applicants, 4 programs.

Seats: Oxford 2, Bologna 1, Lisbon 2, Uppsala 2 (7 seats for 10 applicants). Applicant 105 is
not eligible for Lisbon, 110 not for Uppsala. 103 and 104 tie on 88.0 (104 submitted earlier),
107 and 108 tie on 77.5 (107 submitted earlier).
"""

from exchange.selection.engine import Applicant, ProgramSeats

OXFORD, BOLOGNA, LISBON, UPPSALA = 10, 20, 30, 40
NAMES = {OXFORD: "Oxford", BOLOGNA: "Bologna", LISBON: "Lisbon", UPPSALA: "Uppsala"}
ALL = frozenset(NAMES)


def applicants() -> list[Applicant]:
    return [
        Applicant(101, 95.0, (OXFORD, BOLOGNA), ALL, 100.0),
        Applicant(102, 91.5, (OXFORD, LISBON), ALL, 100.0),
        Applicant(103, 88.0, (OXFORD, BOLOGNA, LISBON), ALL, 1000.0),
        Applicant(104, 88.0, (BOLOGNA, OXFORD), ALL, 900.0),
        Applicant(105, 84.0, (LISBON, OXFORD, BOLOGNA), ALL - {LISBON}, 100.0),
        Applicant(106, 80.0, (BOLOGNA, LISBON), ALL, 100.0),
        Applicant(107, 77.5, (BOLOGNA, UPPSALA), ALL, 500.0),
        Applicant(108, 77.5, (LISBON, UPPSALA, OXFORD), ALL, 700.0),
        Applicant(109, 70.0, (OXFORD, BOLOGNA, LISBON), ALL, 100.0),
        Applicant(110, 65.0, (UPPSALA, LISBON), ALL - {UPPSALA}, 100.0),
    ]


def programs(lisbon_priority: dict[int, float] | None = None) -> list[ProgramSeats]:
    return [
        ProgramSeats(OXFORD, 2),
        ProgramSeats(BOLOGNA, 1),
        ProgramSeats(LISBON, 2, lisbon_priority),
        ProgramSeats(UPPSALA, 2),
    ]


# Lisbon's own criteria (say, a Portuguese test). 105 is not eligible for Lisbon, so its 10.0
# never counts; 101, 104 and 107 do not list Lisbon.
LISBON_PRIORITY = {110: 9.0, 106: 8.0, 103: 7.0, 108: 6.5, 109: 6.0, 102: 5.0, 105: 10.0}
