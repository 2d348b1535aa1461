package segment

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yanyiwu/gojieba"
)

// DictFiles are the files a dictionary directory must hold, in the order gojieba
// takes them.
var dictFiles = [...]string{
	"jieba.dict.utf8",
	"hmm_model.utf8",
	"user.dict.utf8",
	"idf.utf8",
	"stop_words.utf8",
}

// DictFiles returns the names of the files a dictionary directory must hold.
func DictFiles() []string { return append([]string(nil), dictFiles[:]...) }

// gojiebaVersion is the module version whose dictionaries we look for in the
// module cache when the compiled-in path does not exist.
const gojiebaVersion = "v1.4.6"

// ErrNoDictDir is returned when no directory with gojieba's dictionaries is found.
var ErrNoDictDir = errors.New("no gojieba dictionary directory found")

// FindDictDir returns the dictionary directory to use. An explicit dir wins
// and must be complete. Without one it tries, in order: $YXQ_DICT_DIR, a "dict"
// directory next to the executable, the path gojieba recorded at compile time,
// and gojieba's directory in the Go module cache.
func FindDictDir(dir string) (string, error) {
	if dir != "" {
		if err := CheckDictDir(dir); err != nil {
			return "", err
		}
		return dir, nil
	}
	var tried []string
	for _, cand := range dictDirCandidates() {
		if cand == "" {
			continue
		}
		if CheckDictDir(cand) == nil {
			return cand, nil
		}
		tried = append(tried, cand)
	}
	return "", fmt.Errorf("%w (tried %s); pass the directory with --dict-dir or YXQ_DICT_DIR, or create one with 'yxq dict export DIR' on a machine that has it",
		ErrNoDictDir, strings.Join(tried, ", "))
}

func dictDirCandidates() []string {
	var out []string
	out = append(out, os.Getenv("YXQ_DICT_DIR"))
	if exe, err := os.Executable(); err == nil {
		out = append(out, filepath.Join(filepath.Dir(exe), "dict"))
	}
	out = append(out, gojieba.DICT_DIR)
	for _, cache := range moduleCaches() {
		out = append(out, filepath.Join(cache, "github.com", "yanyiwu", "gojieba@"+gojiebaVersion, "deps", "cppjieba", "dict"))
	}
	return out
}

// moduleCaches lists where the Go module cache is likely to be, without
// running the go command.
func moduleCaches() []string {
	var out []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		out = append(out, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		for _, e := range filepath.SplitList(p) {
			out = append(out, filepath.Join(e, "pkg", "mod"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(home, "go", "pkg", "mod"))
	}
	return out
}

// CheckDictDir reports whether dir holds every dictionary file gojieba needs,
// naming the first one missing.
func CheckDictDir(dir string) error {
	for _, name := range dictFiles {
		p := filepath.Join(dir, name)
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("dictionary file %s: %w", p, err)
		}
		if st.IsDir() {
			return fmt.Errorf("dictionary file %s is a directory", p)
		}
	}
	return nil
}

// ExportDictDir copies the dictionary files from src (found as FindDictDir
// does when empty) into dst, so a binary can be shipped with them.
func ExportDictDir(src, dst string) error {
	src, err := FindDictDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	for _, name := range dictFiles {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return fmt.Errorf("read dictionary: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			return fmt.Errorf("write dictionary: %w", err)
		}
	}
	return nil
}
