#!/usr/bin/env python3
"""Write the import test fixtures (tests/fixtures/import/).

Every number in these files is MADE UP for tests: none is a real seizure
figure, and none of these files is data the program ships. They exist to
exercise the importer (formats, spellings, bad input).

Run from the repository root: `python3 tools/import_fixtures.py`
(needs openpyxl and odfpy from PyPI: `pip install openpyxl odfpy`).
The output is deterministic, so re-running changes nothing.
"""

import datetime
import io
import os
import re
import zipfile

from openpyxl import Workbook

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "import")
GOOD = os.path.join(OUT, "good")
BAD = os.path.join(OUT, "bad")

# openpyxl stamps the current time into docProps/core.xml; pin it so the
# files are byte-for-byte the same on every run.
FIXED = datetime.datetime(2020, 1, 1, 0, 0, 0)


def save_xlsx(wb, path):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    # Re-pack with fixed timestamps for stable bytes.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2020-01-01T00:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    with open(path, "wb") as f:
        f.write(out.getvalue())


def write(path, text, encoding="utf-8"):
    with open(path, "wb") as f:
        f.write(text.encode(encoding))


ANNEX_HEADER = [
    "Region", "SubRegion", "Country", "DrugGroup", "DrugSubGroup", "DrugName",
    "Reference year", "Kilograms", "Iso3_code",
]

# (country, iso3, drug group, subgroup, drug, year, kg) — made-up values.
ANNEX_ROWS = [
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Opioids", "Opiates", "Heroin", 2015, 1000),
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Opioids", "Opiates", "Heroin", 2016, 1100),
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Opioids", "Opiates", "Heroin", 2017, 1200.5),
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Opioids", "Opiates", "Opium", 2015, 300),
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Opioids", "Opiates", "Opium", 2016, 310),
    ("Asia", "Central Asia and Transcaucasia", "Kazakhstan", "Cannabis-type", "Cannabis", "Cannabis herb", 2016, 20000),
    ("Asia", "Central Asia and Transcaucasia", "Kyrgyzstan", "Opioids", "Opiates", "Heroin", 2016, 50),
    ("Europe", "Western and Central Europe", "Germany", "Opioids", "Opiates", "Heroin", 2016, 400),
    ("Asia", "Central Asia and Transcaucasia", "Uzbekistan", "Opioids", "Opiates", "Heroin", 2016, None),
]

ISO3 = {"Kazakhstan": "KAZ", "Kyrgyzstan": "KGZ", "Germany": "DEU", "Uzbekistan": "UZB"}


def annex_xlsx(path, title_row=True, sheet="Seizures", tweak=None):
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Made-up test data in the layout of the UNODC annex table 7.1; not real figures."
    ws = wb.create_sheet(sheet)
    if title_row:
        ws.append(["Drug seizures, made-up test table (kilograms)"])
    ws.append(ANNEX_HEADER)
    for r in ANNEX_ROWS:
        country = r[2]
        ws.append([r[0], r[1], country, r[3], r[4], r[5], r[6], r[7], ISO3[country]])
    if tweak:
        tweak(ws)
    save_xlsx(wb, path)


def annex_csv(path):
    header = ANNEX_HEADER[:-1] + ["msCode"]
    lines = [",".join(header)]
    for r in ANNEX_ROWS:
        kg = "" if r[7] is None else str(r[7])
        lines.append(",".join([r[0], f'"{r[1]}"', r[2], r[3], r[4], r[5], str(r[6]), kg, ISO3[r[2]]]))
    write(path, "\n".join(lines) + "\n")


IDS_HEADER = [
    "COUNTRY_OF_SEIZURE", "REGION_OF_SEIZURE", "SUBREGION_OF_SEIZURE", "DRUG_NAME",
    "AMOUNT_OF_DRUG", "DRUG_UNIT", "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY", "PRODUCING_COUNTRY",
]


def ids_xlsx(path):
    wb = Workbook()
    wb.remove(wb.active)
    rows = {
        "2016": [
            ("Kazakhstan", "Heroin", 2500, "Gram", "Tajikistan", "Russian Federation", "Afghanistan"),
            ("Kazakhstan", "Heroin", 3, "Kilogram", "Kyrgyzstan", "Russian Federation", "Afghanistan"),
            ("Kazakhstan", "Heroin", 1.5, "Kilogram", "Unknown", "Russian Federation", "Afghanistan"),
            ("Kazakhstan", "Opium", 12, "Kilogram", "Tajikistan", "Kazakhstan", "Afghanistan"),
            ("Kazakhstan", "Ecstasy", 40, "Tablet", "", "", ""),
            ("Russian Federation", "Heroin", 7, "Kilogram", "Kazakhstan", "Russian Federation", "Afghanistan"),
            ("Germany", "Heroin", 2, "Kilogram", "Turkey", "Germany", "Afghanistan"),
            ("Germany", "Cocaine", 1, "Kilogram", "Other", "Germany", "Colombia"),
        ],
        "2017": [
            ("Kazakhstan", "Heroin", 4, "Kilogram", "Tajikistan", "Russian Federation", "Afghanistan"),
            ("Kazakhstan", "Heroin", 500, "Gram", "Tajikistan", "Russian Federation", "Afghanistan"),
            ("Kazakhstan", "Opium poppy", 2, "Litre", "Kazakhstan", "Kazakhstan", "Kazakhstan"),
        ],
    }
    for year, data in rows.items():
        ws = wb.create_sheet(year)
        ws.append(IDS_HEADER)
        for c, drug, amount, unit, dep, dest, prod in data:
            ws.append([c, "Asia" if c != "Germany" else "Europe", "", drug, amount, unit, dep, dest, prod])
    save_xlsx(wb, path)


def good():
    os.makedirs(GOOD, exist_ok=True)
    # 1. Long CSV, as `export figures` writes it (made-up values).
    write(os.path.join(GOOD, "long-made-up.csv"),
          "series_id,region,drug,year,value,unit,source_id,stated_or_derived,note\n"
          "test-heroin-oblast,KZ.SK,heroin,2015,100,kg,test-source,stated,made-up test value\n"
          "test-heroin-oblast,KZ.SK,heroin,2016,120.5,kg,test-source,stated,\n"
          "test-heroin-oblast,KZ.ZM,heroin,2016,80,kg,test-source,stated,\n"
          "test-heroin-oblast,KZ.AC,heroin,2016,60,kg,test-source,stated,\n"
          "test-change,KZ.SK,heroin,2016,20.5,percent,test-source,derived,\"formula: (120.5 - 100) / 100 x 100\"\n"
          "test-range,KZ,heroin,2016,70,t,test-source,stated,qualifier: range_low\n"
          "test-range,KZ,heroin,2016,75,t,test-source,stated,qualifier: range_high\n"
          "test-average,KZ,opiates,2012-2014,900,kg,test-source,stated,\n")
    # 2. UNODC annex, xlsx (title row above the header) and csv (msCode).
    annex_xlsx(os.path.join(GOOD, "annex-made-up.xlsx"))
    annex_csv(os.path.join(GOOD, "annex-made-up.csv"))
    # 3. UNODC individual seizures, one sheet per year.
    ids_xlsx(os.path.join(GOOD, "ids-made-up.xlsx"))
    # The 'COUNTRY' / 'AMOUNT' variant, as CSV named by its year.
    write(os.path.join(GOOD, "ids-made-up-2018.csv"),
          "COUNTRY,REGION_OF_SEIZURE,SUBREGION_OF_SEIZURE,DRUG_NAME,AMOUNT,DRUG_UNIT,DEPARTURE_COUNTRY,DESTINATION_COUNTRY,PRODUCING_COUNTRY\n"
          "Kazakhstan,Asia,Central Asia,Heroin,2,Kilogram,Uzbekistan,Russian Federation,Afghanistan\n"
          "Kazakhstan,Asia,Central Asia,Heroin,250,Gram,Uzbekistan,Russian Federation,Afghanistan\n")
    # 4. Our World in Data grapher CSV.
    write(os.path.join(GOOD, "owid-made-up.csv"),
          "Entity,Code,Year,Opium seizures (kg),\"Heroin seizures, bulk weight (tonnes)\"\n"
          "Kazakhstan,KAZ,2015,300,1.2\n"
          "Kazakhstan,KAZ,2016,310,1.1\n"
          "Kyrgyzstan,KGZ,2016,,0.05\n"
          "Germany,DEU,2016,10,0.4\n"
          "World,OWID_WRL,2016,5000,50\n")
    # 5. Sub-national table, spellings from several sources.
    write(os.path.join(GOOD, "oblasts-made-up.csv"),
          "Region,Year,Drug,Value,Unit,Source\n"
          "South Kazakhstan Region,2016,Heroin,100,kg,Made-up test source\n"
          "Yuzhno-Kazakhstanskaya oblast',2017,Heroin,110,kg,Made-up test source\n"
          "Turkistan Region,2019,Heroin,90,kg,Made-up test source\n"
          "Shymkent city,2019,Heroin,30,kg,Made-up test source\n"
          "Jambyl oblysy,2016,Heroin,40000,g,Made-up test source\n"
          "Карагандинская область,2016,Heroin,5,kg,Made-up test source\n"
          "East Kazakhstan,2023,Heroin,20,kg,Made-up test source\n"
          "Abai Region,2023,Heroin,8,kg,Made-up test source\n"
          "Almaty,2016,Heroin,60,kg,Made-up test source\n"
          "Almaty Oblast,2016,Heroin,70,kg,Made-up test source\n")
    # The same kind of table in Russian, separated by semicolons with decimal commas.
    write(os.path.join(GOOD, "oblasts-ru-semicolons.csv"),
          "\ufeffОбласть;Год;Наркотик;Количество;Ед. изм.\n"
          "Южно-Казахстанская область;2016;героин;1 234,5;кг\n"
          "Павлодарская обл.;2016;героин;12,5;кг\n")
    # UTF-16 tab-separated, as Excel's "Unicode text" writes it.
    write(os.path.join(GOOD, "oblasts-utf16.txt"),
          "\ufeffRegion\tYear\tDrug\tValue\tUnit\r\nPavlodar\t2016\tOpium\t3\tkg\r\n",
          encoding="utf-16-le")


def bad():
    os.makedirs(BAD, exist_ok=True)
    w = lambda name, text, enc="utf-8": write(os.path.join(BAD, name), text, enc)
    w("wrong-header.csv", "Name,Amount,When\nfoo,1,2016\n")
    w("empty.csv", "")
    w("only-header.csv", "Region,Year,Drug,Value,Unit\n")
    w("latin1.csv", "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,5,kg\nAkt\u00f6be,2016,Heroin,5,kg\n", "latin-1")
    w("semicolons.csv", "Region;Year;Drug;Value;Unit\nPavlodar;2016;Heroin;5;kg\nAtyrau;2016;Heroin;6;kg\n")
    w("decimal-commas.csv", "Region;Year;Drug;Value;Unit\nPavlodar;2016;Heroin;1.234,5;kg\nAtyrau;2016;Heroin;0,75;kg\n")
    w("negative.csv", "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,-5,kg\nAtyrau,2016,Heroin,6,kg\n")
    w("text-in-number.csv", "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,about 40,kg\n")
    w("unknown-region.csv", "Region,Year,Drug,Value,Unit\nKaragandaa oblast,2016,Heroin,5,kg\nPavlodar,2016,Heroin,6,kg\n")
    w("duplicate-rows.csv",
      "Region,Year,Drug,Value,Unit\n"
      "Pavlodar,2016,Heroin,5,kg\n"
      "Pavlodar Region,2016,Heroin,7,kg\n"
      "Atyrau,2016,Heroin,6,kg\n"
      "Atyrau,2016,Heroin,6,kg\n")
    w("no-unit.csv", "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,5,\n")
    w("censored.csv", "Region,Year,Drug,Value,Unit\nPavlodar,2016,Heroin,<5,kg\n")
    w("split-before-reorganisation.csv", "Region,Year,Drug,Value,Unit\nAbai Region,2015,Heroin,5,kg\nEast Kazakhstan,2015,Heroin,9,kg\n")
    w("owid-no-unit.csv", "Entity,Code,Year,Opium seizures\nKazakhstan,KAZ,2016,300\n")
    w("long-unknown-unit.csv",
      "series_id,region,drug,year,value,unit,source_id,stated_or_derived,note\n"
      "s,KZ.SK,heroin,2016,5,bags,src,stated,\n")
    w("long-mixed-units.csv",
      "series_id,region,drug,year,value,unit,source_id,stated_or_derived,note\n"
      "s,KZ.SK,heroin,2016,5,kg,src,stated,\n"
      "s,KZ.ZM,heroin,2016,5,t,src,stated,\n")
    with open(os.path.join(BAD, "binary.csv"), "wb") as f:
        f.write(bytes(range(256)) * 4)
    # A 0-byte .xlsx.
    with open(os.path.join(BAD, "empty.xlsx"), "wb") as f:
        pass
    # A ZIP archive that is not a spreadsheet, named .xlsx.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        zi = zipfile.ZipInfo("readme.txt", date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(zi, "not a spreadsheet")
    with open(os.path.join(BAD, "zip-not-xlsx.xlsx"), "wb") as f:
        f.write(buf.getvalue())
    # Annex workbook whose sheets are not the table ("wrong sheet").
    wb = Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws["A1"] = "Made-up test workbook: the table sheet is missing."
    ws2 = wb.create_sheet("Chart data")
    ws2.append(["Year", "Total"])
    ws2.append([2016, 5])
    save_xlsx(wb, os.path.join(BAD, "wrong-sheet.xlsx"))

    # Annex with a formula cell that has no saved result (as scripts write them).
    def formula(ws):
        ws["H4"] = "=H3*2"
    annex_xlsx(os.path.join(BAD, "formula.xlsx"), tweak=formula)

    # Annex with a date cell in the year column.
    def date_year(ws):
        ws["G3"] = datetime.datetime(2015, 1, 1)
        ws["G3"].number_format = "yyyy-mm-dd"
    annex_xlsx(os.path.join(BAD, "date-year.xlsx"), tweak=date_year)

    # Individual seizures on a sheet with no year, in a file with no year in its name.
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(IDS_HEADER)
    ws.append(["Kazakhstan", "Asia", "", "Heroin", 1, "Kilogram", "", "", ""])
    save_xlsx(wb, os.path.join(BAD, "ids-no-year.xlsx"))


if __name__ == "__main__":
    good()
    bad()
    print("fixtures written to", os.path.normpath(OUT))
