package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/internal/texttable"
)

// field is one named value of a command's result.
type field struct {
	key string
	val any
}

func kv(key string, val any) field { return field{key, val} }

// lines is a list printed one item per line in text mode (a JSON array with --json).
type lines []string

// printer writes a command's result to stdout: one JSON object with --json, aligned
// "key  value" lines otherwise.
type printer struct {
	w    io.Writer
	json bool
}

func (p *printer) emit(fields ...field) error {
	if p.json {
		var buf bytes.Buffer
		buf.WriteByte('{')
		for i, f := range fields {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, _ := json.Marshal(f.key)
			v, err := json.Marshal(jsonValue(f.val))
			if err != nil {
				return fmt.Errorf("encode %s: %w", f.key, err)
			}
			buf.Write(k)
			buf.WriteByte(':')
			buf.Write(v)
		}
		buf.WriteByte('}')
		var out bytes.Buffer
		if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err := p.w.Write(out.Bytes())
		return err
	}
	tw := tabwriter.NewWriter(p.w, 0, 4, 2, ' ', 0)
	for _, f := range fields {
		switch v := f.val.(type) {
		case []string:
			fmt.Fprintf(tw, "%s:\t%s\n", f.key, textValue(strings.Join(v, ", ")))
		case lines:
			fmt.Fprintf(tw, "%s:\t%d\n", f.key, len(v))
			for _, s := range v {
				// No tab: an item ends the column block, so a long item never widens the keys.
				fmt.Fprintf(tw, "  %s\n", s)
			}
		case []*client.Tx:
			for _, tx := range v {
				fmt.Fprintf(tw, "%s:\t%s\n", f.key, textValue(tx))
			}
		default:
			fmt.Fprintf(tw, "%s:\t%s\n", f.key, textValue(f.val))
		}
	}
	return tw.Flush()
}

// jsonValue gives fixed-size byte arrays their hex form instead of JSON number arrays.
func jsonValue(v any) any {
	switch v := v.(type) {
	case common.Address:
		return v.Hex() // checksummed, as people copy it
	case [32]byte:
		return common.Hash(v)
	case []byte:
		return hexutil.Bytes(v)
	default:
		return v
	}
}

func textValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		if v == "" {
			return "-"
		}
		return v
	case common.Address:
		return v.Hex()
	case common.Hash:
		return v.Hex()
	case [32]byte:
		return common.Hash(v).Hex()
	case []byte:
		if len(v) == 0 {
			return "-"
		}
		return hexutil.Encode(v)
	case *client.Tx:
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%s %s (block %d, gas %d)", v.Action, v.Hash.Hex(), v.Block, v.GasUsed)
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case fmt.Stringer:
		return v.String()
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}

// outputWidth is the widest line tables print by default: a 100-column terminal.
const outputWidth = 100

// wideFlag asks for tables with every column on one line per row, however wide.
func wideFlag() cli.Flag {
	return &cli.BoolFlag{Name: "wide", Usage: fmt.Sprintf("print tables with every column on the row, however wide (default: fit %d columns, the rest of a row under it)", outputWidth)}
}

// tableWidth is how wide the command's tables may be: 0 (no limit) with --wide.
func tableWidth(s *session) int {
	if s.c.Bool("wide") {
		return 0
	}
	return outputWidth
}

// wrapText writes prefix, then text broken at spaces into lines of at most width columns (0: no
// limit), lines after the first indented by hang; it ends with a newline.
func wrapText(prefix, text string, hang, width int) string {
	return texttable.Wrap(prefix, text, hang, width)
}
