"""What the demonstration providers offer: their accreditation scope and their micro-credentials.

Read by `registry.core.demo_data`. Each micro-credential names the workflow state it is brought to
through the real services (`outcome`), so the demo shows every status with its audit trail:

draft, submitted, in_review, changes_requested, published, published_with_draft (published, with a
newer draft version), republished (v1 superseded by a published v2), rejected, withdrawn, suspended.

Skills are ESCO v1.2.0 preferred labels (the registry's `frameworks.Skill` table). Credits are in
Mauritius' provisional MU-HE-CREDIT (10 notional hours per credit) unless stated as ECTS.
"""

from registry.providers.models import RecognitionType

MU = "MU-HE-CREDIT"
ECTS = "ECTS"

# provider slug -> scope (frameworks, highest level, ISCED-F fields as prefixes, recognition types)
SCOPES = {
    "university-of-port-louis": {
        "frameworks": ["MU-NQF"],
        "highest_level": 10,
        "fields": ["01", "04", "05", "06", "09"],
        "recognition_types": [RecognitionType.ACCREDITED, RecognitionType.SELF_ATTESTED],
    },
    "ocean-business-college": {
        "frameworks": ["MU-NQF"],
        "highest_level": 7,
        "fields": ["04", "061"],
        "recognition_types": [RecognitionType.ACCREDITED, RecognitionType.SELF_ATTESTED],
    },
    "institute-of-professional-engineers": {
        "frameworks": ["MU-NQF"],
        "highest_level": 8,
        "fields": ["07", "0413"],
        "recognition_types": [RecognitionType.ENDORSED],
    },
}

UOPL_QA = (
    "Approved by the University Senate on the advice of the Faculty Quality Committee; "
    "assessments moderated internally and reviewed by an external examiner each cohort."
)
OCEAN_QA = (
    "Programme approval by the College Academic Board under its HEC-registered quality manual; "
    "second marking of 20 % of scripts and an annual programme review."
)
IPEM_QA = (
    "Designed and assessed by IPEM's Continuing Professional Development Committee; assessors are "
    "chartered engineers, and each cohort is reviewed by the Education and Training Board."
)

MICRO_CREDENTIALS = [
    # --- University of Port Louis ---------------------------------------------------------------
    {
        "provider": "university-of-port-louis",
        "outcome": "published",
        "title": "Cloud Security Fundamentals",
        "summary": (
            "Protect workloads on public cloud platforms: identity and access management, network "
            "controls, encryption and monitoring for small and medium organisations."
        ),
        "learning_outcomes": [
            "Configure identity and access management for a public cloud account using least "
            "privilege.",
            "Assess the security posture of a cloud deployment against a recognised benchmark.",
            "Design network segmentation and encryption for data at rest and in transit.",
            "Respond to a simulated cloud security incident and write the post-incident report.",
        ],
        "level": "7",
        "credits": 15,
        "credit_system": MU,
        "notional_hours": 150,
        "assessment_type": "project",
        "assessment_description": "A graded project securing a sample deployment, with a viva.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0612",
        "skills": [
            "cloud security and compliance",
            "implement cloud security and compliance",
            "identify ICT security risks",
        ],
        "languages": ["en"],
        "prerequisites": "A diploma in computing or two years of work in IT operations.",
        "validity_months": 36,
        "stackability": "Counts towards the Postgraduate Certificate in Cybersecurity.",
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "published_with_draft",
        "title": "Applied Machine Learning with Python",
        "summary": (
            "Build, evaluate and deploy supervised learning models on real business data sets, "
            "with attention to bias, reproducibility and explainability."
        ),
        "learning_outcomes": [
            "Prepare and explore a tabular data set for supervised learning.",
            "Train and tune regression and classification models with scikit-learn.",
            "Evaluate models with appropriate metrics and cross-validation.",
            "Explain a model's predictions to a non-specialist audience and discuss its biases.",
        ],
        "level": "8",
        "credits": 20,
        "credit_system": MU,
        "notional_hours": 200,
        "assessment_type": "portfolio",
        "assessment_description": "Three graded notebooks and a final modelling report.",
        "participation_mode": "online",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0613",
        "skills": ["machine learning", "utilise machine learning", "Python (computer programming)"],
        "languages": ["en"],
        "prerequisites": "Introductory programming in Python and first-year statistics.",
        "validity_months": None,
        "stackability": "Elective in the MSc Data Science.",
        "new_version": {
            "summary": (
                "Build, evaluate and deploy supervised learning models on real business data "
                "sets, now including model monitoring after deployment."
            ),
            "learning_outcomes": [
                "Prepare and explore a tabular data set for supervised learning.",
                "Train and tune regression and classification models with scikit-learn.",
                "Evaluate models with appropriate metrics and cross-validation.",
                "Explain a model's predictions to a non-specialist audience and discuss its "
                "biases.",
                "Monitor a deployed model for data drift and decide when to retrain it.",
            ],
        },
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "republished",
        "title": "Database Administration with PostgreSQL",
        "summary": (
            "Install, secure, back up and tune PostgreSQL databases for production systems."
        ),
        "learning_outcomes": [
            "Install and configure a PostgreSQL server for a production workload.",
            "Design roles and privileges that follow the principle of least privilege.",
            "Plan and test backup, point-in-time recovery and replication.",
            "Diagnose slow queries with execution plans and indexes.",
        ],
        "level": "6",
        "credits": 12,
        "credit_system": MU,
        "notional_hours": 120,
        "assessment_type": "practical",
        "assessment_description": "Timed practical tasks on a lab server and a recovery drill.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0612",
        "skills": ["PostgreSQL", "SQL", "design database in the cloud"],
        "languages": ["en", "fr"],
        "prerequisites": "Basic SQL.",
        "validity_months": 36,
        "stackability": "Counts towards the Diploma in Information Systems.",
        "new_version": {
            "title": "Database Administration with PostgreSQL 17",
            "learning_outcomes": [
                "Install and configure a PostgreSQL 17 server for a production workload.",
                "Design roles and privileges that follow the principle of least privilege.",
                "Plan and test incremental backup, point-in-time recovery and replication.",
                "Diagnose slow queries with execution plans and indexes.",
            ],
        },
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "in_review",
        "title": "Health Informatics and Electronic Health Records",
        "summary": (
            "How clinical information systems work, and how to use and improve electronic "
            "health records safely in Mauritian hospitals and clinics."
        ),
        "learning_outcomes": [
            "Describe the architecture of a hospital information system and its data flows.",
            "Use an electronic health record system to document care accurately.",
            "Apply data protection principles to patient records.",
        ],
        "level": "7",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "mixed",
        "assessment_description": "Case-based written examination and a records audit.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0919",
        "skills": [
            "health informatics",
            "healthcare data systems",
            "use electronic health records management system",
        ],
        "languages": ["en"],
        "prerequisites": "Registration as a health professional, or a degree in computing.",
        "validity_months": None,
        "stackability": "",
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "published",
        "title": "Blended Learning Design for University Teachers",
        "summary": (
            "Design, run and evaluate blended courses that combine online activities with "
            "classroom teaching, for lecturers in higher education."
        ),
        "learning_outcomes": [
            "Write constructively aligned outcomes, activities and assessments for a course.",
            "Design online learning activities in a learning management system.",
            "Apply principles of accessible and inclusive digital learning.",
            "Evaluate a blended course using learner analytics and feedback.",
        ],
        "level": "9",
        "credits": 5,
        "credit_system": ECTS,
        "notional_hours": 140,
        "assessment_type": "portfolio",
        "assessment_description": "A teaching portfolio with a redesigned course unit.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0111",
        "skills": ["apply blended learning", "develop e-learning plan", "learning technologies"],
        "languages": ["en", "fr"],
        "prerequisites": "Teaching in higher education.",
        "validity_months": None,
        "stackability": "Counts towards the Postgraduate Certificate in Higher Education.",
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "changes_requested",
        "title": "Teaching Digital Literacy in Secondary Schools",
        "summary": (
            "Plan and teach digital literacy lessons to learners aged 12 to 16, including safe "
            "and critical use of online information."
        ),
        "learning_outcomes": [
            "Plan a sequence of digital literacy lessons for secondary learners.",
            "Teach learners to search, evaluate and cite online information.",
            "Promote safe and responsible behaviour online.",
        ],
        "level": "6",
        "credits": 12,
        "credit_system": MU,
        "notional_hours": 120,
        "assessment_type": "practical",
        "assessment_description": "Observed lessons.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0114",
        "skills": ["teach digital literacy", "have computer literacy"],
        "languages": ["en", "fr"],
        "prerequisites": "A teaching qualification.",
        "validity_months": None,
        "stackability": "",
        "review_comment": (
            "Please describe how the observed lessons are assessed: the criteria, who observes, "
            "and how many lessons a candidate must pass."
        ),
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "submitted",
        "title": "Data Analysis for Public Health",
        "summary": (
            "Analyse routine health data to describe disease burden and evaluate public health "
            "programmes."
        ),
        "learning_outcomes": [
            "Clean and describe a routine health data set.",
            "Apply statistical analysis techniques to compare rates between populations.",
            "Present findings to decision makers in a short policy brief.",
        ],
        "level": "8",
        "credits": 15,
        "credit_system": MU,
        "notional_hours": 150,
        "assessment_type": "project",
        "assessment_description": "An analysis of an anonymised national data set.",
        "participation_mode": "online",
        "pacing": "self_paced",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0919",
        "skills": ["apply statistical analysis techniques", "analyse big data", "report facts"],
        "languages": ["en"],
        "prerequisites": "A first degree in a health or quantitative discipline.",
        "validity_months": None,
        "stackability": "Elective in the MSc Public Health.",
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "withdrawn",
        "title": "Blockchain Applications in Financial Services",
        "summary": (
            "Where distributed ledgers help and where they do not, in banking and insurance."
        ),
        "learning_outcomes": [
            "Explain consensus mechanisms and their trade-offs.",
            "Analyse a financial services use case for a distributed ledger.",
            "Assess the security and regulatory risks of a blockchain application.",
        ],
        "level": "8",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "examination",
        "assessment_description": "A two-hour written examination.",
        "participation_mode": "online",
        "pacing": "guided",
        "recognition_type": RecognitionType.SELF_ATTESTED,
        "field_of_study": "0619",
        "skills": ["blockchain consensus mechanisms", "analyse blockchain use cases"],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": 24,
        "stackability": "",
        "withdraw_reason": "The course is no longer offered after the 2025 intake.",
    },
    {
        "provider": "university-of-port-louis",
        "outcome": "draft",
        "title": "Environmental Data and Climate Risk",
        "summary": (
            "Use environmental and climate data to assess risks to coastal infrastructure in "
            "small island states."
        ),
        "learning_outcomes": [
            "Find and evaluate sources of climate and environmental data for Mauritius.",
            "Analyse environmental data with reproducible methods.",
            "Assess the impact of climate change on a coastal site.",
        ],
        "level": "9",
        "credits": 6,
        "credit_system": ECTS,
        "notional_hours": 160,
        "assessment_type": "project",
        "assessment_description": "A climate risk assessment of a real site.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0521",
        "skills": ["analyse environmental data", "climate change impact"],
        "languages": ["en", "fr"],
        "prerequisites": "A first degree in science or engineering.",
        "validity_months": None,
        "stackability": "",
    },
    # --- Ocean Business College -----------------------------------------------------------------
    {
        "provider": "ocean-business-college",
        "outcome": "published",
        "title": "Digital Marketing for Small Businesses",
        "summary": (
            "Plan and run affordable digital marketing campaigns for a small business, and measure "
            "what they bring in."
        ),
        "learning_outcomes": [
            "Define a target audience and a digital marketing plan with a budget.",
            "Create and schedule social media content for a campaign.",
            "Measure a campaign with web and social media analytics.",
        ],
        "level": "5",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "project",
        "assessment_description": "A marketing plan and a four-week live campaign report.",
        "participation_mode": "online",
        "pacing": "self_paced",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0414",
        "skills": [
            "plan digital marketing",
            "social media marketing techniques",
            "marketing analytics",
        ],
        "languages": ["en", "fr"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "Counts towards the Certificate in Business Administration.",
    },
    {
        "provider": "ocean-business-college",
        "outcome": "suspended",
        "title": "Agile Project Management Essentials",
        "summary": "Run projects in short iterations with Scrum and Kanban.",
        "learning_outcomes": [
            "Explain the values and principles of agile project management.",
            "Plan and run a sprint with a product backlog.",
            "Track progress with a Kanban board and burn-down charts.",
        ],
        "level": "6",
        "credits": 8,
        "credit_system": MU,
        "notional_hours": 80,
        "assessment_type": "examination",
        "assessment_description": "An online multiple-choice examination.",
        "participation_mode": "online",
        "pacing": "self_paced",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0413",
        "skills": ["Agile project management", "perform project management"],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": 24,
        "stackability": "",
        "suspend_reason": (
            "Complaint from learners about unsupervised online examinations; suspended while the "
            "College's assessment arrangements are investigated."
        ),
    },
    {
        "provider": "ocean-business-college",
        "outcome": "published",
        "title": "Customer Relationship Management in Retail",
        "summary": "Use customer data and CRM software to keep retail customers coming back.",
        "learning_outcomes": [
            "Collect and record customer data lawfully.",
            "Use customer relationship management software to follow up sales.",
            "Design a simple loyalty programme for a shop.",
        ],
        "level": "4",
        "credits": 6,
        "credit_system": MU,
        "notional_hours": 60,
        "assessment_type": "practical",
        "assessment_description": "Workplace tasks observed by an assessor.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.SELF_ATTESTED,
        "field_of_study": "0416",
        "skills": [
            "use customer relationship management software",
            "collect customer data",
            "use internet to increase sales",
        ],
        "languages": ["en", "fr"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
    },
    {
        "provider": "ocean-business-college",
        "outcome": "rejected",
        "title": "Introduction to Nursing Care Assistance",
        "summary": "Basic care skills for health care assistants in private clinics.",
        "learning_outcomes": [
            "Assist patients with daily living activities safely.",
            "Record observations in an electronic health record.",
            "Follow infection prevention procedures.",
        ],
        "level": "5",
        "credits": 12,
        "credit_system": MU,
        "notional_hours": 120,
        "assessment_type": "practical",
        "assessment_description": "Supervised clinical placement.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0913",
        "skills": ["use electronic health records in nursing"],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
        "review_comment": (
            "Nursing and midwifery (ISCED 0913) is outside the College's accredited fields, and "
            "clinical placements need a partner approved by the Nursing Council. Rejected."
        ),
    },
    {
        "provider": "ocean-business-college",
        "outcome": "in_review",
        "title": "Sustainable Procurement for SMEs",
        "summary": "Buy goods and services with lower environmental and social impact.",
        "learning_outcomes": [
            "Identify the environmental and social risks in a supply chain.",
            "Write sustainability criteria into a tender.",
            "Measure a company's sustainability performance in purchasing.",
        ],
        "level": "6",
        "credits": 8,
        "credit_system": MU,
        "notional_hours": 95,  # outside 80 hours but within the tolerance: a warning
        "assessment_type": "project",
        "assessment_description": "A sustainable procurement policy for a real SME.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ACCREDITED,
        "field_of_study": "0413",
        "skills": [
            "implement sustainable procurement",
            "measure company's sustainability performance",
        ],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
    },
    {
        "provider": "ocean-business-college",
        "outcome": "draft",
        "title": "Spreadsheet Skills for Financial Reporting",
        "summary": "Prepare monthly management accounts and dashboards with spreadsheets.",
        "learning_outcomes": [
            "Build a structured workbook for monthly management accounts.",
            "Use formulas, pivot tables and charts to summarise financial data.",
            "Check a workbook for errors and document its assumptions.",
        ],
        "level": "5",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "practical",
        "assessment_description": "A timed practical test.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.SELF_ATTESTED,
        "field_of_study": "0411",
        "skills": ["use spreadsheets software", "manage financial and material resources"],
        "languages": ["en", "fr"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
    },
    {
        "provider": "ocean-business-college",
        "outcome": "changes_requested",
        "title": "Introduction to Front-end Web Development",
        "summary": "Build accessible, responsive web pages with HTML, CSS and JavaScript.",
        "learning_outcomes": [
            "Structure web content with semantic HTML.",
            "Style responsive layouts with CSS.",
            "Add interactivity with JavaScript.",
            "Test a web page for accessibility.",
        ],
        "level": "4",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "project",
        "assessment_description": "A small website built to a brief.",
        "participation_mode": "online",
        "pacing": "self_paced",
        "recognition_type": RecognitionType.SELF_ATTESTED,
        "field_of_study": "0613",
        "skills": ["implement front-end website design", "JavaScript", "create website wireframe"],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
        "review_comment": (
            "Self-paced with a single project: please explain how you confirm that the submitted "
            "website is the candidate's own work."
        ),
    },
    # --- Institute of Professional Engineers of Mauritius ---------------------------------------
    {
        "provider": "institute-of-professional-engineers",
        "outcome": "published",
        "title": "Solar Photovoltaic System Design",
        "summary": (
            "Design grid-connected rooftop photovoltaic systems that meet the CEB's connection "
            "requirements."
        ),
        "learning_outcomes": [
            "Size a grid-connected photovoltaic system from a site's load profile.",
            "Calculate panel orientation and shading losses for a rooftop.",
            "Select inverters and protection devices that meet the grid code.",
            "Prepare a design report for a connection application.",
        ],
        "level": "6",
        "credits": 15,
        "credit_system": MU,
        "notional_hours": 150,
        "assessment_type": "project",
        "assessment_description": "A full design for a commercial rooftop, with an oral defence.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ENDORSED,
        "field_of_study": "0713",
        "skills": [
            "design solar energy systems",
            "calculate solar panel orientation",
            "photovoltaic systems",
        ],
        "languages": ["en"],
        "prerequisites": "A diploma in electrical engineering.",
        "validity_months": 36,
        "stackability": "Recognised for 15 hours of CPD per year of validity.",
    },
    {
        "provider": "institute-of-professional-engineers",
        "outcome": "published",
        "title": "Energy Auditing of Commercial Buildings",
        "summary": "Plan and carry out energy audits and recommend savings with their payback.",
        "learning_outcomes": [
            "Plan an energy audit of a commercial building.",
            "Analyse energy consumption from bills and metered data.",
            "Recommend energy saving measures with their cost and payback.",
        ],
        "level": "7",
        "credits": 12,
        "credit_system": MU,
        "notional_hours": 120,
        "assessment_type": "project",
        "assessment_description": "An audit report on a real building.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ENDORSED,
        "field_of_study": "0713",
        "skills": ["conduct energy audit", "analyse energy consumption"],
        "languages": ["en", "fr"],
        "prerequisites": "A degree in engineering.",
        "validity_months": 36,
        "stackability": "",
    },
    {
        "provider": "institute-of-professional-engineers",
        "outcome": "submitted",
        "title": "Safety Engineering on Construction Sites",
        "summary": "Identify hazards and plan safe work on building and civil engineering sites.",
        "learning_outcomes": [
            "Identify hazards on a construction site and assess their risk.",
            "Write a construction phase health and safety plan.",
            "Apply the Occupational Safety and Health Act to site work.",
        ],
        "level": "6",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "mixed",
        "assessment_description": "A site inspection report and a written examination.",
        "participation_mode": "on_site",
        "pacing": "guided",
        "recognition_type": RecognitionType.ENDORSED,
        "field_of_study": "0732",
        "skills": ["safety engineering", "follow health and safety procedures in construction"],
        "languages": ["en"],
        "prerequisites": "",
        "validity_months": 24,
        "stackability": "",
    },
    {
        "provider": "institute-of-professional-engineers",
        "outcome": "draft",
        "title": "Leading Engineering Projects",
        "summary": "Lead multidisciplinary engineering teams from tender to handover.",
        "learning_outcomes": [
            "Plan an engineering project's scope, schedule and budget.",
            "Lead and motivate a multidisciplinary project team.",
            "Manage project risks and contract variations.",
        ],
        "level": "8",
        "credits": 10,
        "credit_system": MU,
        "notional_hours": 100,
        "assessment_type": "portfolio",
        "assessment_description": "A reflective portfolio on a project the candidate led.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ENDORSED,
        "field_of_study": "0413",
        "skills": ["perform project management", "build team spirit"],
        "languages": ["en"],
        "prerequisites": "Five years of engineering practice.",
        "validity_months": None,
        "stackability": "",
    },
    {
        "provider": "institute-of-professional-engineers",
        "outcome": "in_review",
        "title": "Integrating Renewable Energy into Smart Grids",
        "summary": "Plan the connection of variable renewable generation to a small island grid.",
        "learning_outcomes": [
            "Explain the stability challenges of variable generation on an island grid.",
            "Perform a feasibility study for a smart grid project.",
            "Specify storage and control systems that support renewable integration.",
        ],
        "level": "8",
        "credits": 12,
        "credit_system": MU,
        "notional_hours": 120,
        "assessment_type": "project",
        "assessment_description": "A feasibility study for a real grid extension.",
        "participation_mode": "blended",
        "pacing": "guided",
        "recognition_type": RecognitionType.ENDORSED,
        "field_of_study": "0713",
        "skills": [
            "smart grids systems",
            "perform smart grid feasibility study",
            "renewable energy",
        ],
        "languages": ["en", "fr"],
        "prerequisites": "A degree in electrical engineering.",
        "validity_months": 36,
        "stackability": "",
    },
]

QUALITY_ASSURANCE = {
    "university-of-port-louis": UOPL_QA,
    "ocean-business-college": OCEAN_QA,
    "institute-of-professional-engineers": IPEM_QA,
}
