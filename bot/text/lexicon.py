"""Word lists that news writing leans on: countries and demonyms, titles, and words that are never names."""

from __future__ import annotations

# demonym or short form -> country; country names map to themselves (see COUNTRY_OF).
_COUNTRIES = """
United States|U.S.|US|USA|America|American;United Kingdom|U.K.|UK|Britain|British;China|Chinese;Japan|Japanese;
South Korea|South Korean;North Korea|North Korean;Korea|Korean;India|Indian;Pakistan|Pakistani;Russia|Russian;
Ukraine|Ukrainian;France|French;Germany|German;Italy|Italian;Spain|Spanish;Portugal|Portuguese;Canada|Canadian;
Mexico|Mexican;Brazil|Brazilian;Argentina|Argentine|Argentinian;Chile|Chilean;Colombia|Colombian;Peru|Peruvian;
Bolivia|Bolivian;Venezuela|Venezuelan;Cuba|Cuban;Australia|Australian;New Zealand;Indonesia|Indonesian;
Philippines|Philippine|Filipino;Vietnam|Vietnamese;Thailand|Thai;Malaysia|Malaysian;Singapore|Singaporean;
Myanmar|Burma|Burmese;Bangladesh|Bangladeshi;Afghanistan|Afghan;Iran|Iranian;Iraq|Iraqi;Syria|Syrian;
Israel|Israeli;Palestine|Palestinian;Jordan|Jordanian;Lebanon|Lebanese;Egypt|Egyptian;Saudi Arabia|Saudi;
Turkey|Turkish;Qatar|Qatari;United Arab Emirates|UAE|Emirati;Yemen|Yemeni;Libya|Libyan;Tunisia|Tunisian;
Algeria|Algerian;Morocco|Moroccan;Nigeria|Nigerian;Kenya|Kenyan;Ethiopia|Ethiopian;South Africa|South African;
Sudan|Sudanese;Somalia|Somali;Poland|Polish;Hungary|Hungarian;Greece|Greek;Netherlands|Dutch;Belgium|Belgian;
Sweden|Swedish;Norway|Norwegian;Finland|Finnish;Denmark|Danish;Austria|Austrian;Switzerland|Swiss;Ireland|Irish;
Taiwan|Taiwanese;Mongolia|Mongolian;Kazakhstan|Kazakh;Kyrgyzstan|Kyrgyz;Uzbekistan|Uzbek;Belarus|Belarusian;
Serbia|Serbian;Croatia|Croatian;Romania|Romanian;Bulgaria|Bulgarian;Czech Republic|Czech;Slovakia|Slovak;
Georgia|Georgian;Armenia|Armenian;Azerbaijan|Azerbaijani;Sri Lanka|Sri Lankan;Nepal|Nepali;Cambodia|Cambodian;
Laos|Lao;European Union|EU|European;Kuwait|Kuwaiti;Oman|Omani;Bahrain|Bahraini;Ecuador|Ecuadorean|Ecuadorian;
Uruguay|Uruguayan;Paraguay|Paraguayan;Panama|Panamanian;Nicaragua|Nicaraguan;Costa Rica|Costa Rican;
Guatemala|Guatemalan;Honduras|Honduran;El Salvador|Salvadoran;Dominican Republic;Haiti|Haitian;Jamaica|Jamaican;
Ghana|Ghanaian;Zimbabwe|Zimbabwean;Zambia|Zambian;Angola|Angolan;Mozambique|Mozambican;Tanzania|Tanzanian;
Uganda|Ugandan;Senegal|Senegalese;Ivory Coast;Cameroon|Cameroonian;Namibia|Namibian;Botswana;Rwanda|Rwandan;
Slovenia|Slovenian;Lithuania|Lithuanian;Latvia|Latvian;Estonia|Estonian;Iceland|Icelandic;Luxembourg;
Cyprus|Cypriot;Malta|Maltese;Albania|Albanian;Bosnia|Bosnian;Moldova|Moldovan;Montenegro;Kosovo;
Tajikistan|Tajik;Turkmenistan|Turkmen;Brunei;Papua New Guinea;Fiji|Fijian;
Soviet Union|USSR|Soviet;Yugoslavia|Yugoslav;Czechoslovakia|Czechoslovak;East Germany|East German;
West Germany|West German;Zaire|Zairean
"""
COUNTRY_OF: dict[str, str] = {}
for _group in _COUNTRIES.replace("\n", "").split(";"):
    _forms = [f.strip() for f in _group.split("|") if f.strip()]
    for _form in _forms:
        COUNTRY_OF[_form] = _forms[0]

# Head nouns of titles; multiword heads first so the longest wins.
TITLE_HEADS = sorted(
    """President|Vice President|Vice-President|Vice-Chairman|Vice-Premier|Vice-Minister|Prime Minister|Premier|
Chancellor|Minister|Secretary|Secretary-General|
Secretary General|Undersecretary|Ambassador|Envoy|Senator|Sen.|Rep.|Representative|Congressman|Congresswoman|
Governor|Gov.|Mayor|General|Gen.|Admiral|Adm.|Chairman|Chairwoman|Chair|Chief Executive|CEO|Director General|
Director-General|Director|Commissioner|King|Queen|Prince|Crown Prince|Emperor|Pope|Speaker|Councillor|Councilor|
Spokesman|Spokeswoman|Spokesperson|Leader|Adviser|Advisor|Chief of Staff|Judge|Justice|Attorney General|Mr.|
Mrs.|Ms.|Dr.|Sheikh|Commander|Colonel|Col.|Lt.|Major General|Foreign Secretary|Special Agent|Agent|Magistrate|
Chief Justice|Sultan|Emir|Ayatollah|Archbishop|Cardinal|Bishop|Rabbi|Imam|Coach|Captain|Lord|Lady|Sir|Dame""".replace(
        "\n", ""
    ).split("|"),
    key=lambda h: -len(h.split()),
)
# Words that may stand before a title head: "Acting Deputy Assistant Secretary", "Defense Minister".
TITLE_MODIFIERS = set(
    """Acting Deputy Assistant Vice Under Senior Chief Special Principal First Former Foreign Defense Defence State
Finance Trade Home Interior Economy Economic Health Energy Justice Commerce Treasury Agriculture Education Environment
Labor Labour Transport Industry Security National Prime Executive Cabinet Permanent Minority Majority Supreme Grand
Crown Opposition Party Interim Outgoing Incoming Regional Provincial Federal Presidential Executive Managing Army
Navy Military Top Senate House Police District Magistrate Associate Lieutenant Brigadier Major Rear Fleet Air
Defence Communist Labor Democratic Republican Minister Secretary General""".split()
)
# Capitalised words that belong to a title's "of/for ..." complement or to an institution, never to a person's name.
DOMAIN_WORDS = set(
    """State Defense Defence Foreign Affairs Home Interior Finance Treasury Trade Commerce Economy Economic Growth
Health
Education Energy Justice Labor Labour Agriculture Environment Security Policy Homeland Transportation Industry
Development Culture Tourism Science Technology Information Communications Veterans Housing Planning Budget Public
Internal External International Relations Cooperation National Asia Europe Africa Pacific Americas Middle East West
North South Central Region Affairs Department Ministry Office Council Committee Bureau Agency Staff Armed Forces Force
Army Navy Air Operations Intelligence Political Party People Republic Union Nations Kingdom Islands Sea Seas House
Senate Congress Parliament Assembly Court Treaty Article Forum Strategy Program Programme University Institute Center
Centre Bank Fund Group Company Corporation Times Post News Press Daily Journal Street Square Palace Castle Hotel
Airport Station Diet Indo-Pacific Pacific Atlantic Ocean Coast Guard Navy Space Cyber Korea Japan China Department
Administration Government Cabinet Commission Organization Organisation Association Alliance Summit Conference Talks
Police Service Services Mission Embassy Consulate Province City County District Authority Inc Corp Ltd""".split()
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"Sept": 9}
NOT_NAMES = (
    set(WEEKDAYS) | set(MONTHS) | set(MONTH_ABBR) | set(COUNTRY_OF)
    | {"The", "A", "An", "In", "On", "At", "From", "For", "To", "And", "But", "Following", "After", "Before", "During",
       "Among", "Both", "Specifically", "Meanwhile", "Likewise", "Furthermore", "However", "Read", "Related", "Also",
       "He", "She", "They", "We", "I", "It", "His", "Her", "Their", "Our", "This", "That", "These", "Those", "Last",
       "Next", "Other", "Some", "Many", "Several", "If", "When", "While", "As", "According", "Since", "Later",
       "Earlier", "Secretaries", "Ministers", "Officials", "Getty", "Kyodo", "Reuters", "AP", "AFP", "Xinhua"}
)
NAME_PARTICLES = {"bin", "bint", "al", "el", "de", "del", "der", "van", "von", "da", "di", "du", "la", "le", "ibn",
                  "dos"}
# "the ministers" / "the U.S. secretaries": plural role nouns that refer back to titled people.
PLURAL_ROLES = {"secretaries": "secretary", "ministers": "minister", "presidents": "president", "leaders": "leader",
                "premiers": "premier", "ambassadors": "ambassador", "envoys": "envoy", "generals": "general"}
ROLE_SYNONYMS = {"premier": "prime minister"}
