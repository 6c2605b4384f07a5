package conformance

import (
	"reflect"

	"github.com/flexport-go/flexport/core"
	corewebhook "github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/logistics"
	logisticswebhook "github.com/flexport-go/flexport/logistics/webhook"
)

// handwrittenRoots are the exported types through which users meet models
// that no service method signature reaches: webhook events (their methods
// are walked too), pages and call reports.
var handwrittenRoots = []reflect.Type{
	reflect.TypeFor[*corewebhook.Event](),
	reflect.TypeFor[*logisticswebhook.Event](),
	reflect.TypeFor[core.Page[core.Shipment]](),
	reflect.TypeFor[logistics.CallInfo](),
}
