package demo

import (
	"bytes"
	_ "embed"
	"io"
)

// The programmes beyond one need and one supplier (院士结对领航 and
// 一县一业一策 packages) add, beside the generated demo: three themed
// service groups (科技服务团) with their funded projects; the doctoral team
// formed for 仙居县's medical device park, whose 一月一县一产 schedule
// takes it there every other month; and six open needs of 仙居县's medical
// device makers, for which a package can be composed. These files are
// written by hand, not by Generate.

//go:embed groups.jsonl
var groups []byte

//go:embed programme-profiles.jsonl
var programmeProfiles []byte

//go:embed programme-needs.jsonl
var programmeNeeds []byte

// Groups returns the demo service groups as JSON Lines. Their members are
// profiles of Profiles and ProgrammeProfiles.
func Groups() io.Reader { return bytes.NewReader(groups) }

// ProgrammeProfiles returns the profiles the programmes add, as JSON Lines.
func ProgrammeProfiles() io.Reader { return bytes.NewReader(programmeProfiles) }

// ProgrammeNeeds returns the needs the programmes add, as JSON Lines.
func ProgrammeNeeds() io.Reader { return bytes.NewReader(programmeNeeds) }
