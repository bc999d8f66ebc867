"""Word lists for synthetic but plausible New York patients and staff (no real people)."""

from __future__ import annotations

FEMALE_FIRST = [
    "Maria", "Zoë", "Aoife", "Chloé", "Renée", "Siobhán", "Ana", "Ingrid", "Priya", "Mei",
    "Fatima", "Grace", "Olivia", "Emma", "Sofia", "Isabella", "Mia", "Hannah", "Leah", "Noor",
    "Camila", "Valentina", "Daniela", "Rachel", "Sarah", "Rebecca", "Keisha", "Tamika", "Yuki",
    "Amara", "Chiara", "Lucía", "Inés", "Hélène", "Björk", "Dagný", "Nadia", "Irina", "Olga",
    "Esther", "Miriam", "Aaliyah", "Destiny", "Brianna", "Jennifer", "Linda", "Patricia",
    "Susan", "Karen", "Nancy", "Lisa", "Michelle", "Kimberly", "Jessica", "Ashley", "Amanda",
]
MALE_FIRST = [
    "José", "Seán", "François", "Jürgen", "Ahmed", "Mohammed", "Wei", "Hiroshi", "Raj",
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
    "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Andrew", "Joshua", "Kevin", "Brian",
    "Luis", "Carlos", "Jorge", "Andrés", "Mateo", "Diego", "Darnell", "Malik", "Tyrone",
    "Dmitri", "Yosef", "Avraham", "Chaim", "Kwame", "Oluwaseun", "Nikos", "Giorgos", "Paolo",
    "Giuseppe", "Ömer", "Emre", "Thanh", "Minh", "Jae-won", "Sung", "Patrick", "Declan", "Liam",
]
NEUTRAL_FIRST = ["Alex", "Jordan", "Taylor", "Casey", "Riley", "Morgan", "Sam", "Jamie", "Avery"]
LAST = [
    "O'Brien", "D'Angelo", "O'Connor", "McCarthy", "Núñez", "García", "Rodríguez", "Martínez",
    "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Müller", "Schäfer",
    "Nguyễn", "Trần", "Lê", "Kim", "Park", "Choi", "Lee", "Chen", "Wang", "Li", "Zhang", "Liu",
    "Patel", "Shah", "Singh", "Khan", "Ali", "Cohen", "Levi", "Friedman", "Goldberg", "Katz",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Martin", "Thompson", "Robinson",
    "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green",
    "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
    "Evans", "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
    "Rivera", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell",
    "Gómez", "Kelly", "Howard", "Ward", "Cox", "Díaz", "Richardson", "Wood", "Watson", "Brooks",
    "Bennett", "Gray", "James", "Reyes", "Cruz", "Hughes", "Price", "Myers", "Long", "Foster",
    "Sanders", "Ross", "Morales", "Powell", "Sullivan", "Russell", "Ortiz", "Jenkins", "Gutiérrez",
    "Perry", "Butler", "Barnes", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson",
    "Jordan", "Reynolds", "Hamilton", "Graham", "Wallace", "Woods", "Cole", "West", "Owens",
    "Kowalski", "Nowak", "Wiśniewski", "Ivanov", "Petrov", "Popescu", "Papadopoulos", "Rossi",
    "Russo", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "De la Cruz",
    "Van der Berg", "St. John", "Okafor", "Adeyemi", "Mensah", "Haddad", "Nasser", "Yilmaz",
    "Kaya", "Demir", "Tanaka", "Suzuki", "Sato", "Watanabe", "Ito", "Nakamura", "Fernández",
    "Jean-Baptiste", "Pierre", "Toussaint", "Öztürk", "Ødegaard", "Ní Bhriain", "Mac Giolla",
]
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

STREETS = [
    "Main Street", "Mamaroneck Avenue", "North Broadway", "Central Park Avenue", "Court Street",
    "Atlantic Avenue", "Flatbush Avenue", "Ocean Parkway", "Bedford Avenue", "Smith Street",
    "Post Road", "Martine Avenue", "Bloomingdale Road", "Fulton Street", "Nostrand Avenue",
    "Myrtle Avenue", "Kings Highway", "Bay Ridge Parkway", "Hamilton Avenue", "Maple Avenue",
]
# (city, ZIP, area codes) per home clinic: index 0 White Plains area, 1 Brooklyn.
TOWNS = [
    [("White Plains", "10601", "914"), ("Scarsdale", "10583", "914"), ("Yonkers", "10701", "914"),
     ("New Rochelle", "10801", "914"), ("Harrison", "10528", "914"), ("Greenwich", "06830", "203")],
    [("Brooklyn", "11201", "718"), ("Brooklyn", "11215", "347"), ("Brooklyn", "11231", "718"),
     ("Brooklyn", "11226", "929"), ("Brooklyn", "11209", "718"), ("Staten Island", "10301", "718")],
]

ANTIDEPRESSANTS = [
    ("sertraline", ["100 mg", "150 mg", "200 mg"]),
    ("escitalopram", ["10 mg", "20 mg"]),
    ("fluoxetine", ["20 mg", "40 mg", "60 mg"]),
    ("bupropion XL", ["300 mg", "450 mg"]),
    ("venlafaxine XR", ["150 mg", "225 mg"]),
    ("duloxetine", ["60 mg", "90 mg"]),
    ("mirtazapine", ["30 mg", "45 mg"]),
    ("vortioxetine", ["10 mg", "20 mg"]),
    ("citalopram", ["20 mg", "40 mg"]),
    ("desvenlafaxine", ["50 mg", "100 mg"]),
]

CANCEL_REASONS = [
    "no ride home available", "patient ill (upper respiratory infection)",
    "ate within 2 hours of the appointment", "work conflict, asked to reschedule",
    "family emergency", "insurance authorization pending", "weather",
]
ALERT_ACTIONS = [
    "Rechecked in 10 minutes; prescriber notified; patient resting quietly.",
    "Prescriber at bedside; supplemental reassurance; values improving on recheck.",
    "Repositioned, encouraged deep breaths; SpO2 back above threshold on recheck.",
    "Lights dimmed, patient reassured; sedation resolving; continued observation.",
]
ADVERSE_EVENTS = [
    ("nausea", "mild", "Nausea after second device; emesis basin offered.", "Resolved before discharge"),
    ("dissociation", "moderate", "Marked dissociation at 40 minutes.", "Resolved by 90 minutes"),
    ("dizziness", "mild", "Dizziness when standing.", "Resolved with rest"),
    ("vomiting", "mild", "Vomited once at 25 minutes.", "Resolved; no further episodes"),
    ("anxiety", "mild", "Transient anxiety during dissociation.", "Resolved with reassurance"),
]
DRIVERS = ["spouse", "partner", "daughter", "son", "friend", "sister", "brother", "parent",
           "car service arranged by family"]
