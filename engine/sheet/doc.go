// Package sheet reads the spreadsheets that 科协 staff keep (xlsx, or CSV
// in UTF-8 or GB18030) into engine profiles and needs, and writes tables
// for staff reports.
//
// # Basics
//
// ReadProfiles and ReadNeeds take the whole file from an io.Reader. The
// format comes from the content, not the name: a zip ("PK\x03\x04") is
// read as xlsx (the first visible worksheet, or Options.Sheet); anything
// else is CSV text, UTF-16 when it starts with a UTF-16 BOM, UTF-8 (BOM
// dropped) when the bytes are valid UTF-8, GB18030 (what Excel on Chinese
// Windows writes) otherwise. The CSV delimiter is a comma, or a tab or a
// semicolon when the header line holds more of those, or what a leading
// "sep=;" line names.
//
// Of the first ten non-empty rows, the one that maps the most columns is
// the header row; title rows above it are skipped with a warning. Headers are matched after
// folding full-width forms and case and dropping spaces, ※ * and colons,
// against the synonyms staff use (姓名/名称/专家姓名, 需求名称/项目名称,
// 预算(万元) …, see ProfileFields and NeedFields for the fields), then
// against Options.Mapping, which ParseMapping reads from "原始表头 = field"
// lines. A header that maps to nothing is reported once and its column
// ignored.
//
// Every non-empty data row becomes a Row: its spreadsheet row number, the
// decoded record, warnings (an unknown cooperation mode kept as written, an
// unrecognised county left out, a budget or date that could not be read …)
// and Err when the row cannot be a valid record. The record's own Validate
// has the last word. A row without an ID gets one derived from its content
// (ProfileID, NeedID), so that importing the same sheet again updates the
// records instead of adding new ones. Messages are in Chinese, for staff,
// and name the row: "第 5 行：缺少姓名". Sheet.Summary puts them together,
// listing the first MaxListedProblems.
//
// ReadProfileFile and ReadNeedFile read a file for an import plan
// (engine.Engine.ImportProfileLines, ImportNeedLines): JSON Lines when it
// starts with "{", a spreadsheet otherwise, every line as an
// engine.Incoming with its warnings in Chinese.
//
// WriteTable writes a Table as xlsx or as CSV (UTF-8 with a BOM).
// ProfilesTable and NeedsTable build tables with the headers the readers
// understand, so an export can be edited and imported again.
// NeedsReportTable, MatchesTable, BatchTable and FunnelTable build the
// staff reports, with names and titles rather than IDs.
//
// # Caveats
//
// A file is read whole into memory; DefaultMaxBytes (20 MB) and
// DefaultMaxRows (50,000 data rows) bound it, and larger files are refused
// rather than half imported.
//
// List cells are split on ，,、；; / and line ends, so a list entry that
// itself holds one of those ("CAD/CAM") comes back as two. A work with a
// title and no text reads back with its title as text. Needs read from a
// sheet have no status or history: the status column of NeedsTable is for
// reading only.
//
// A need without an ID gets its ID from its enterprise, title and
// description: editing the description in the sheet and importing again
// adds a new need. Keep the 编号 column of an export to avoid that.
//
// xlsx cells are read raw: numbers as stored, dates as Excel serial numbers
// (converted where a date is expected, in the 1900 date system; workbooks
// in the old Mac 1904 system give dates four years off). Formulas give
// their cached values.
//
// CSV cells written by WriteTable that a spreadsheet program would run as a
// formula (=, @, or + and - not followed by a number) get a leading
// apostrophe, which the CSV reader removes again.
package sheet
