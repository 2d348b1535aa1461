// Package demo holds the embedded demo dataset of 一线牵: profiles and needs
// written for this project about the city's industries, counties and
// programmes, so that the service runs with no setup. The JSON Lines files
// are made by Generate; refresh them with go test ./engine/demo -update.
package demo

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed profiles.jsonl
var profiles []byte

//go:embed needs.jsonl
var needs []byte

// Profiles returns the demo profiles as JSON Lines.
func Profiles() io.Reader { return bytes.NewReader(profiles) }

// Needs returns the demo needs as JSON Lines.
func Needs() io.Reader { return bytes.NewReader(needs) }
