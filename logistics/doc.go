// Package logistics is the client of Flexport's Logistics API
// (https://logistics-api.flexport.com/logistics/api/2023-10): bundles,
// inbounds, products, orders, parcels, freight, returns, reports, events and
// webhooks.
//
// Model types are re-exported from the generated package under their schema
// names, so users never import gen/.
package logistics
