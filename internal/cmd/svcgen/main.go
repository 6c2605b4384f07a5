// Command svcgen writes the service layer of core/ or logistics/: the
// Client type with one field per service, and one service type per
// resource with one method per operation, each a thin call of the generated
// client through the package's request helpers.
//
//	svcgen -services openapi/core/services.yaml -spec openapi/build/core-v2.yaml \
//	    -config openapi/core/models.cfg.yaml -pkg core -out core/services.gen.go
//
// It reads the document (-spec) as the oapi-codegen command does with the
// configuration generating the package's types (-config): through
// oapi-codegen's own loader, with the overlay the configuration names, if
// any. Every Go name it writes (client methods, path
// parameters, Params types and fields, body, result and item types) comes
// from oapi-codegen's own pkg/codegen, run with that configuration, so that
// x-go-name renames in the overlay and generator upgrades carry over to the
// services. The services file (-services) groups the operations into
// services and names their methods; method docs come from each operation's
// summary and description, its HTTP method and path, and for lists its
// parameters.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

func main() {
	servicesPath := flag.String("services", "", "services file (openapi/<api>/services.yaml)")
	specPath := flag.String("spec", "", "curated OpenAPI document (openapi/build/<doc>.yaml)")
	configPath := flag.String("config", "", "oapi-codegen configuration generating the package's types")
	pkg := flag.String("pkg", "", "output package name")
	out := flag.String("out", "", "output file")
	flag.Parse()
	if *servicesPath == "" || *specPath == "" || *configPath == "" || *pkg == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*servicesPath, *specPath, *configPath, *pkg, *out); err != nil {
		log.Fatalf("svcgen: %v", err)
	}
}

func run(servicesPath, specPath, configPath, pkg, out string) error {
	sf, err := loadServicesFile(servicesPath)
	if err != nil {
		return err
	}
	a, err := loadAPI(specPath, configPath)
	if err != nil {
		return err
	}
	source := filepath.ToSlash(servicesPath) + " and the curated " + filepath.ToSlash(specPath)
	fd, err := plan(sf, a, pkg, source)
	if err != nil {
		return err
	}
	src, raw, err := generate(fd)
	if err != nil {
		if raw != nil {
			_ = os.WriteFile(out+".broken", raw, 0o644)
			return fmt.Errorf("%w (see %s.broken)", err, out)
		}
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
