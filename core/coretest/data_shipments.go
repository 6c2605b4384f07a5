package coretest

import (
	"fmt"
	"sync"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// trip is the plan of one shipment: where it goes, how and when.
type trip struct {
	id                           int64
	mode                         string // ocean, air or truck
	supplier                     int    // index into suppliers
	from, to                     port
	ready, pickup, depart        time.Time
	arrive, deliver              time.Time
	containers                   int
	lcl                          bool
	scac, vessel, imo, voyage    string
	carrier                      string
	flight, airline, airlineIATA string
}

// happened returns the actual date of a milestone planned at t: t give or
// take a few hours when it is before the anchor, else nil.
func (g *gen) happened(t time.Time, loc *time.Location) any {
	if !t.Before(anchor) {
		return nil
	}
	return fakeapi.DateTime(t.Add(time.Duration(g.r.IntN(12*60)-6*60)*time.Minute), loc)
}

func (g *gen) plan() *trip {
	r := g.r
	t := &trip{id: g.s.id("shipment", 100001)}
	switch x := r.Float64(); {
	case x < 0.6:
		t.mode = "ocean"
		t.from, t.to = pickPort(g, originPorts, func(p port) bool { return p.sea }), pickPort(g, destinationPorts, func(p port) bool { return p.sea })
	case x < 0.85:
		t.mode = "air"
		t.from, t.to = pickPort(g, originPorts, func(p port) bool { return p.air }), pickPort(g, destinationPorts, func(p port) bool { return p.air })
	default:
		t.mode = "truck"
		t.from, t.to = pickPort(g, destinationPorts, func(p port) bool { return p.sea }), port{}
	}
	t.supplier = r.IntN(len(suppliers))
	t.ready = anchor.AddDate(0, 0, r.Between(-120, 30))
	t.pickup = t.ready.AddDate(0, 0, r.Between(1, 3)).Add(10 * time.Hour)
	t.depart = t.pickup.AddDate(0, 0, r.Between(2, 5))
	transit := map[string][2]int{"ocean": {16, 32}, "air": {2, 4}, "truck": {1, 2}}[t.mode]
	t.arrive = t.depart.AddDate(0, 0, r.Between(transit[0], transit[1]))
	t.deliver = t.arrive.AddDate(0, 0, r.Between(2, 7))
	if t.mode == "ocean" {
		v := vessels[r.IntN(len(vessels))]
		t.vessel, t.imo, t.scac, t.carrier = v.name, v.imo, v.scac, v.carrier
		t.voyage = fmt.Sprintf("%03d%s", r.IntN(999), fakeapi.Pick(r, "E", "W", "N"))
		t.lcl = r.Chance(0.2)
		t.containers = 1
		if !t.lcl {
			t.containers = r.Between(1, 3)
		}
	}
	if t.mode == "air" {
		a := airlines[r.IntN(len(airlines))]
		t.airline, t.airlineIATA = a.name, a.code
		t.flight = fmt.Sprintf("%s%d", a.code, r.Between(100, 999))
	}
	return t
}

func pickPort(g *gen, ports []port, ok func(port) bool) port {
	var c []port
	for _, p := range ports {
		if ok(p) {
			c = append(c, p)
		}
	}
	return c[g.r.IntN(len(c))]
}

// status returns the shipment status at the anchor.
func (t *trip) status() string {
	switch {
	case anchor.Before(t.pickup):
		return "seller_location"
	case anchor.Before(t.depart):
		return "departure_port"
	case anchor.Before(t.arrive):
		return "in_transit_to_arrival_port"
	case anchor.Before(t.deliver):
		return "in_transit_to_final_destination"
	}
	return "final_destination"
}

// loc returns the time zone of a place of the reference data.
func loc(name string) *time.Location {
	if l, ok := zones()[name]; ok {
		return l
	}
	return time.UTC
}

// zones are the time zones of the reference data, loaded once per process
// (time.LoadLocation reads a file each time).
var zones = sync.OnceValue(func() map[string]*time.Location {
	m := map[string]*time.Location{}
	var names []string
	for _, p := range append(append([]port(nil), originPorts...), destinationPorts...) {
		names = append(names, p.tz)
	}
	for _, p := range append([]party{client, flexport}, suppliers...) {
		names = append(names, p.tz)
	}
	for _, n := range names {
		if l, err := time.LoadLocation(n); err == nil {
			m[n] = l
		}
	}
	return m
})

// legs stores the legs of t and returns them: pre-carriage by truck, the
// main leg, on-carriage by truck; a truck shipment has one leg.
func (g *gen) legs(t *trip) []object {
	sup := suppliers[t.supplier]
	door, dest := doorPlace(sup), doorPlace(client)
	type hop struct {
		mode     string
		from, to object
		ftz, ttz string
		start    time.Time
		end      time.Time
	}
	var hops []hop
	if t.mode == "truck" {
		hops = []hop{{"truck", place(t.from), dest, t.from.tz, client.tz, t.pickup, t.deliver}}
	} else {
		hops = []hop{
			{"truck", door, place(t.from), sup.tz, t.from.tz, t.pickup, t.depart.Add(-24 * time.Hour)},
			{t.mode, place(t.from), place(t.to), t.from.tz, t.to.tz, t.depart, t.arrive},
			{"truck", place(t.to), dest, t.to.tz, client.tz, t.arrive.Add(36 * time.Hour), t.deliver},
		}
	}
	var out []object
	for i, h := range hops {
		id := g.s.id("shipment_leg", 2000001)
		fl, tl := loc(h.ftz), loc(h.ttz)
		leg := object{"_object": "/shipment_leg", "id": id, "shipment": g.s.ref("shipment", t.id), "transportation_mode": h.mode,
			"origin": node(h.from, tag(i, true, len(hops))), "destination": node(h.to, tag(i, false, len(hops))),
			"estimated_departure_date": fakeapi.DateTime(h.start, fl), "actual_departure_date": g.happened(h.start, fl),
			"estimated_arrival_date": fakeapi.DateTime(h.end, tl), "actual_arrival_date": g.happened(h.end, tl),
			"cargo_ready_date": fakeapi.Date(t.ready), "additional_dates": object{"cargo_ready_date": fakeapi.Date(t.ready)},
			"carrier_name": nil, "ocean_leg": nil, "air_leg": nil, "trucking_leg": nil, "rail_leg": nil,
		}
		containerLegs := g.s.collection("container_leg", "leg.id", id)
		switch h.mode {
		case "ocean":
			leg["carrier_name"] = t.carrier
			leg["ocean_leg"] = object{"_object": "/ocean/shipment_leg", "vessel_name": t.vessel, "vessel_imo": t.imo, "voyage_number": t.voyage, "scac_code": t.scac, "container_legs": containerLegs}
		case "air":
			leg["carrier_name"] = t.airline
			leg["air_leg"] = object{"_object": "/air/shipment_leg", "flight_number": t.flight, "iata_code": t.airlineIATA, "icao_code": nil, "pieces": g.r.Between(2, 40)}
		default:
			leg["carrier_name"] = truckers[g.r.IntN(len(truckers))]
			leg["trucking_leg"] = object{"_object": "/trucking/shipment_leg", "tracking_number": nil, "pieces": nil, "container_legs": containerLegs,
				"service_type": map[bool]string{true: "drayage", false: "ltl"}[t.mode == "ocean"]}
		}
		leg = g.complete("shipment_leg", leg)
		g.s.put("shipment_leg", leg)
		out = append(out, leg)
	}
	return out
}

// tag names the role of a leg's end: the first leg starts at the origin
// address, the last ends at the destination address, the others are ports.
func tag(i int, origin bool, n int) any {
	switch {
	case origin && i == 0:
		return "origin_address"
	case !origin && i == n-1:
		return "destination_address"
	case origin:
		return "port_of_loading"
	}
	return "port_of_unloading"
}

// containers stores the containers of an ocean trip and a container leg
// for each container on each leg.
func (g *gen) containers(t *trip, legs []object) []object {
	var out []object
	tz := loc(t.to.tz)
	for range t.containers {
		id := g.s.id("container", 3000001)
		size := fakeapi.Pick(g.r, "twenty_ft", "fourty_ft", "fourty_ft_hc", "fourty_five_ft_hc")
		typ := "dry"
		if t.lcl {
			typ = "lcl"
		} else if g.r.Chance(0.1) {
			typ = "reefer"
		}
		c := object{"_object": "/ocean/shipment_container", "id": id, "container_number": t.scac + g.r.Digits(7), "container_size": size, "container_type": typ,
			"seal_number": g.r.Digits(7), "cargo_ready_date": fakeapi.Date(t.ready), "metadata": object{}, "items": []any{},
			"estimated_departure_date": fakeapi.DateTime(t.depart, loc(t.from.tz)), "actual_departure_date": g.happened(t.depart, loc(t.from.tz)),
			"estimated_arrival_date": fakeapi.DateTime(t.arrive, tz), "actual_arrival_date": g.happened(t.arrive, tz),
			"estimated_pickup_date": fakeapi.DateTime(t.arrive.Add(48*time.Hour), tz), "actual_pickup_date": g.happened(t.arrive.Add(48*time.Hour), tz),
			"estimated_delivery_date": fakeapi.DateTime(t.deliver, tz), "actual_delivery_date": g.happened(t.deliver, tz),
			"last_free_day_date": fakeapi.DateTime(t.arrive.AddDate(0, 0, 5), nil), "empty_returned_date": nil,
			"available_for_pickup_date": g.happened(t.arrive.Add(24*time.Hour), tz), "estimated_available_for_pickup_date": fakeapi.DateTime(t.arrive.Add(24*time.Hour), tz),
			"shipment": g.s.ref("shipment", t.id), "container_legs": g.s.collection("container_leg", "shipment_container.id", id),
		}
		c = g.complete("container", c)
		g.s.put("container", c)
		out = append(out, c)
		for _, leg := range legs {
			dates := object{}
			if v := leg["actual_departure_date"]; v != nil && leg["transportation_mode"] == "ocean" {
				dates["actual_loaded_on_board_date"] = v
			}
			if v := leg["actual_arrival_date"]; v != nil && leg["transportation_mode"] == "ocean" {
				dates["actual_discharge_date"] = v
			}
			lid := g.s.id("container_leg", 4000001)
			cl := object{"_object": "/ocean/shipment_container_leg", "id": lid, "dates": dates,
				"shipment_container": g.s.ref("container", id), "leg": g.s.ref("shipment_leg", leg["id"].(int64))}
			g.s.put("container_leg", g.complete("container_leg", cl))
		}
	}
	return out
}
