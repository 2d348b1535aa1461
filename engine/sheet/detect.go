package sheet

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// grid yields the rows of a spreadsheet with their row numbers; next
// returns io.EOF after the last row, and a *Problem for a row it cannot
// read but can go on after.
type grid interface {
	next() (line int, cells []string, err error)
	close() error
}

// gridInfo is what opening found out about the file.
type gridInfo struct {
	Format, Encoding, SheetName string
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// openGrid finds the format from the content, the name serving only in
// messages: a zip is xlsx, a known non-spreadsheet gives one clear error,
// and anything else is read as CSV text.
func openGrid(data []byte, name string, opts *Options) (grid, gridInfo, error) {
	if bytes.HasPrefix(data, zipMagic) {
		return openXLSX(data, name, opts)
	}
	if what := sniff(data); what != "" {
		return nil, gridInfo{}, notASheet(name, what)
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, gridInfo{}, notASheet(name, "编码无法识别的二进制文件")
	}
	return newCSVGrid(text), gridInfo{Format: FormatCSV, Encoding: enc}, nil
}

// notASheet is the one error for a file that is not a spreadsheet.
func notASheet(name, what string) *Problem {
	hint := ""
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".xlsx" || ext == ".csv" || ext == ".xls" {
		hint = "文件名是 " + ext + "，但"
	}
	return fileProblem("文件「%s」不是可导入的表格：%s内容看起来是%s。请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV 再导入", name, hint, what)
}

// sniff names the kind of a file that is certainly not a CSV text, or
// returns "".
func sniff(data []byte) string {
	head := data[:min(len(data), 512)]
	lower := strings.ToLower(strings.TrimLeft(string(bytes.TrimPrefix(head, utf8BOM)), " \t\r\n"))
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return " PDF 文件"
	case bytes.HasPrefix(head, oleMagic):
		return "旧版 Excel（.xls）、Word（.doc）或加密的 Office 文件"
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}), bytes.HasPrefix(head, []byte("GIF8")):
		return "图片"
	case bytes.HasPrefix(head, []byte("Rar!")), bytes.HasPrefix(head, []byte("7z\xBC\xAF")), bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return "压缩包"
	case strings.HasPrefix(lower, "{\\rtf"):
		return " RTF 文档"
	case strings.HasPrefix(lower, "<?xml") && strings.Contains(lower, "office:spreadsheet"):
		return " Excel 2003 XML 表格"
	case strings.HasPrefix(lower, "<!doctype html"), strings.HasPrefix(lower, "<html"), strings.HasPrefix(lower, "<table"):
		return "网页（HTML），常见于系统导出的“假 xls”"
	case strings.HasPrefix(lower, "{") || strings.HasPrefix(lower, "["):
		return " JSON 文件（JSON Lines 请用 JSON 导入）"
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "" // UTF-16 text: NUL bytes are expected
	}
	sample := data[:min(len(data), 8192)]
	controls := 0
	for _, b := range sample {
		if b == 0 {
			return "二进制文件"
		}
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1A {
			controls++
		}
	}
	if controls*50 > len(sample) {
		return "二进制文件"
	}
	return ""
}

// sniffZip names what a zip that is not an xlsx holds.
func sniffZip(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "损坏的 xlsx 或 ZIP 压缩包"
	}
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return " Word 文档（.docx）"
		case strings.HasPrefix(f.Name, "ppt/"):
			return " PowerPoint 演示文稿"
		case f.Name == "content.xml" || f.Name == "mimetype":
			return " OpenDocument（WPS/LibreOffice）文件"
		}
	}
	return " ZIP 压缩包"
}

// decodeText turns CSV bytes into UTF-8: UTF-16 with a BOM, UTF-8 with or
// without a BOM when the bytes are valid UTF-8, and GB18030 otherwise. Text
// that decodes to mostly replacement characters is refused.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err != nil {
			return "", "", err
		}
		return string(b), "UTF-16", nil
	case utf8.Valid(data):
		return string(bytes.TrimPrefix(data, utf8BOM)), "UTF-8", nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", err
	}
	bad := bytes.Count(b, []byte(string(utf8.RuneError)))
	if bad > 0 && bad*100 > utf8.RuneCount(b) {
		return "", "", errUndecodable
	}
	return string(b), "GB18030", nil
}

var errUndecodable = fileProblem("文本编码无法识别")
