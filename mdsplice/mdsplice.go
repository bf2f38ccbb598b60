// Package mdsplice replaces generated text between two marker comments in a Markdown file, so
// that a generator owns a block of a hand-written document (the README's benchmark and gas
// tables) and a test can compare that block with a fresh rendering.
//
// A block named NAME is delimited by two lines:
//
//	<!-- begin generated: NAME (anything up to the end of the comment, such as how to regenerate) -->
//	<!-- end generated: NAME -->
//
// Everything between them belongs to the generator; the marker lines themselves are kept as
// they are, so their note can say which command writes the block.
package mdsplice

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoBlock means the document has no block of that name.
var ErrNoBlock = errors.New("no generated block")

const (
	beginPrefix = "<!-- begin generated: "
	endPrefix   = "<!-- end generated: "
	commentEnd  = "-->"
)

// span is where one block's content lies in a document: doc[start:end] is between the end of
// the begin marker's line and the start of the end marker's line.
type span struct{ start, end int }

func find(doc []byte, name string) (span, error) {
	if name == "" || bytes.ContainsAny([]byte(name), " \n") {
		return span{}, fmt.Errorf("generated block name %q: want one word", name)
	}
	var begins, ends []int // offsets of the marker lines
	for off := 0; off < len(doc); {
		line := doc[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		trimmed := bytes.TrimSpace(line)
		if isMarker(trimmed, beginPrefix, name) && bytes.HasSuffix(trimmed, []byte(commentEnd)) {
			begins = append(begins, off)
		}
		if bytes.Equal(trimmed, []byte(endPrefix+name+" "+commentEnd)) {
			ends = append(ends, off)
		}
		off += len(line) + 1
	}
	switch {
	case len(begins) == 0 && len(ends) == 0:
		return span{}, fmt.Errorf("%w named %q (add the lines %q and %q where it goes)", ErrNoBlock, name,
			beginPrefix+name+" "+commentEnd, endPrefix+name+" "+commentEnd)
	case len(begins) != 1 || len(ends) != 1:
		return span{}, fmt.Errorf("generated block %q: %d begin and %d end markers, want one of each", name, len(begins), len(ends))
	case ends[0] < begins[0]:
		return span{}, fmt.Errorf("generated block %q: the end marker comes before the begin marker", name)
	}
	start := begins[0] + bytes.IndexByte(doc[begins[0]:], '\n') + 1
	return span{start: start, end: ends[0]}, nil
}

// isMarker reports whether line is prefix followed by name and then a space or the comment's
// end, so that a block "gas" does not match a marker of "gas-summary".
func isMarker(line []byte, prefix, name string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(prefix+name))
	return ok && (bytes.HasPrefix(rest, []byte(" ")) || bytes.HasPrefix(rest, []byte(commentEnd)))
}

// Block returns the content of the block named name, without the blank lines around it.
func Block(doc []byte, name string) ([]byte, error) {
	s, err := find(doc, name)
	if err != nil {
		return nil, err
	}
	return bytes.Trim(doc[s.start:s.end], "\n"), nil
}

// Replace returns a copy of doc with the content of the block named name replaced by body,
// set off by one blank line on each side (so that a table right after the marker is still a
// table).
func Replace(doc []byte, name string, body []byte) ([]byte, error) {
	s, err := find(doc, name)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(doc) + len(body))
	out.Write(doc[:s.start])
	out.WriteByte('\n')
	if b := bytes.Trim(body, "\n"); len(b) > 0 {
		out.Write(b)
		out.WriteString("\n\n")
	}
	out.Write(doc[s.end:])
	return out.Bytes(), nil
}

// ReplaceFile replaces the block named name in the file at path, writing the result to a
// temporary file beside it and renaming it over the original, so an interrupted run leaves
// either the old file or the new one. The file keeps its permissions.
func ReplaceFile(path, name string, body []byte) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := Replace(doc, name, body)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(out, doc) {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
