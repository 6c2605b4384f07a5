// Command reexport writes a file of aliases that re-export the model types
// and enum constants of a generated package from a handwritten one, so that
// users write core.Shipment, never coreapi.Shipment:
//
//	reexport -from gen/coreapi/models.gen.go -import github.com/flexport-go/flexport/gen/coreapi -pkg core -out core/models.gen.go -uses core/webhook
//
// Only the types a user can meet are re-exported: those named by the
// exported API of the output's package (its services, functions, types and
// methods) or by the files of the -uses directories (as pkg.Name), and every
// type these are made of. Each alias carries its schema's description and a
// doc link to the generated type, which documents the fields. Names that the
// handwritten files of the target package declare themselves are skipped, so
// the handwritten API always wins.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	var cfg Config
	var uses string
	flag.StringVar(&cfg.From, "from", "", "generated Go file whose exported types and constants to re-export")
	flag.StringVar(&cfg.Import, "import", "", "import path of the generated package")
	flag.StringVar(&cfg.Pkg, "pkg", "", "name of the package the output belongs to")
	flag.StringVar(&cfg.Out, "out", "", "output file")
	flag.StringVar(&uses, "uses", "", "comma-separated directories of other packages whose pkg.Name references count as uses")
	flag.Parse()
	if cfg.From == "" || cfg.Import == "" || cfg.Pkg == "" || cfg.Out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if uses != "" {
		cfg.Uses = strings.Split(uses, ",")
	}
	src, err := Generate(cfg)
	if err != nil {
		log.Fatalf("reexport: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Out), 0o755); err != nil {
		log.Fatalf("reexport: %v", err)
	}
	if err := os.WriteFile(cfg.Out, src, 0o644); err != nil {
		log.Fatalf("reexport: %v", err)
	}
}
