// Package segment turns Chinese (and mixed Chinese-Latin) text into search tokens.
//
// # Basics
//
// A Segmenter wraps one gojieba instance, which is large (about 130 MB) and slow
// to load (about 0.6 s), so a process opens one and shares it: Tokenize is safe
// for concurrent use.
//
//	seg, err := segment.Open(nil) // gojieba's dictionaries plus our domain words
//	...
//	defer seg.Close()
//	for _, t := range seg.Tokenize("我司急需伺服电机的PLC控制方案") { ... }
//
// Text is normalised before it is cut: full-width forms become half-width,
// Latin letters lower-case, invalid UTF-8 becomes spaces. Runs of Latin letters
// and digits (5G, 0.1g, Li-ion, RS-485) are kept as one token. Every token
// carries byte offsets into the original text, so callers can highlight it.
//
// # Caveats
//
// gojieba cannot remove words safely (its RemoveWord deletes every word that
// shares the first character), so a changed dictionary means a new Segmenter.
// gojieba panics on a missing dictionary file; Open checks the files first and
// returns an error instead.
package segment
