package coretest

// Reference data the generated data set draws from: real ports, made-up
// companies and products.

// port is a place cargo moves through.
type port struct {
	name, city, state, country, cc, unlocode, tz string
	code                                         string // US CBP or Schedule K code
	iata, icao                                   string // airports only
	sea, air, rail                               bool
}

var originPorts = []port{
	{name: "Shanghai, China", city: "Shanghai", country: "China", cc: "CN", unlocode: "CNSHA", tz: "Asia/Shanghai", code: "57035", iata: "PVG", icao: "ZSPD", sea: true, air: true},
	{name: "Ningbo, China", city: "Ningbo", country: "China", cc: "CN", unlocode: "CNNGB", tz: "Asia/Shanghai", code: "57020", sea: true},
	{name: "Yantian, China", city: "Shenzhen", country: "China", cc: "CN", unlocode: "CNYTN", tz: "Asia/Shanghai", code: "57078", sea: true},
	{name: "Hong Kong, Hong Kong", city: "Hong Kong", country: "Hong Kong", cc: "HK", unlocode: "HKHKG", tz: "Asia/Hong_Kong", code: "58201", iata: "HKG", icao: "VHHH", sea: true, air: true},
	{name: "Busan, South Korea", city: "Busan", country: "South Korea", cc: "KR", unlocode: "KRPUS", tz: "Asia/Seoul", code: "58023", sea: true},
	{name: "Ho Chi Minh City, Vietnam", city: "Ho Chi Minh City", country: "Vietnam", cc: "VN", unlocode: "VNSGN", tz: "Asia/Ho_Chi_Minh", code: "55206", iata: "SGN", icao: "VVTS", sea: true, air: true},
	{name: "Kaohsiung, Taiwan", city: "Kaohsiung", country: "Taiwan", cc: "TW", unlocode: "TWKHH", tz: "Asia/Taipei", code: "58309", sea: true},
	{name: "Rotterdam, Netherlands", city: "Rotterdam", country: "Netherlands", cc: "NL", unlocode: "NLRTM", tz: "Europe/Amsterdam", code: "42157", sea: true, rail: true},
	{name: "Frankfurt, Germany", city: "Frankfurt am Main", state: "Hesse", country: "Germany", cc: "DE", unlocode: "DEFRA", tz: "Europe/Berlin", code: "42800", iata: "FRA", icao: "EDDF", air: true},
}

var destinationPorts = []port{
	{name: "Los Angeles, CA", city: "Los Angeles", state: "CA", country: "United States", cc: "US", unlocode: "USLAX", tz: "America/Los_Angeles", code: "2704", iata: "LAX", icao: "KLAX", sea: true, air: true, rail: true},
	{name: "Long Beach, CA", city: "Long Beach", state: "CA", country: "United States", cc: "US", unlocode: "USLGB", tz: "America/Los_Angeles", code: "2709", sea: true, rail: true},
	{name: "Oakland, CA", city: "Oakland", state: "CA", country: "United States", cc: "US", unlocode: "USOAK", tz: "America/Los_Angeles", code: "2811", sea: true},
	{name: "Seattle, WA", city: "Seattle", state: "WA", country: "United States", cc: "US", unlocode: "USSEA", tz: "America/Los_Angeles", code: "3001", iata: "SEA", icao: "KSEA", sea: true, air: true},
	{name: "Newark, NJ", city: "Newark", state: "NJ", country: "United States", cc: "US", unlocode: "USEWR", tz: "America/New_York", code: "4601", iata: "EWR", icao: "KEWR", sea: true, air: true},
	{name: "Savannah, GA", city: "Savannah", state: "GA", country: "United States", cc: "US", unlocode: "USSAV", tz: "America/New_York", code: "1703", sea: true},
	{name: "Chicago, IL", city: "Chicago", state: "IL", country: "United States", cc: "US", unlocode: "USCHI", tz: "America/Chicago", code: "3901", iata: "ORD", icao: "KORD", air: true, rail: true},
}

// party is a company with one entity, location and contact.
type party struct {
	company, street, city, state, zip, country, cc, tz, contact string
}

// client is the account's own company: consignee, buyer and importer of
// record.
var client = party{"Acme Outdoor Supply", "760 Market St Fl 8", "San Francisco", "CA", "94102", "United States", "US", "America/Los_Angeles", "Dana Whitfield"}

var suppliers = []party{
	{"Shenzhen Brightway Electronics", "88 Keyuan Rd", "Shenzhen", "Guangdong", "518057", "China", "CN", "Asia/Shanghai", "Li Wei"},
	{"Ningbo Harborview Home Goods", "156 Jiangnan Rd", "Ningbo", "Zhejiang", "315040", "China", "CN", "Asia/Shanghai", "Chen Jing"},
	{"Kowloon Trail Outfitters", "1 Queen's Rd Central", "Hong Kong", "", "", "Hong Kong", "HK", "Asia/Hong_Kong", "Mandy Ho"},
	{"Saigon Textile Works", "12 Nguyen Van Linh", "Ho Chi Minh City", "", "700000", "Vietnam", "VN", "Asia/Ho_Chi_Minh", "Tran Minh"},
	{"Busan Precision Tools", "45 Jungang-daero", "Busan", "", "48939", "South Korea", "KR", "Asia/Seoul", "Park Ji-ho"},
	{"Formosa Cycle Parts", "300 Chenggong 2nd Rd", "Kaohsiung", "", "806", "Taiwan", "TW", "Asia/Taipei", "Lin Mei-ling"},
	{"Rhein Camping GmbH", "Hafenstrasse 21", "Frankfurt am Main", "Hesse", "60327", "Germany", "DE", "Europe/Berlin", "Jonas Becker"},
	{"Delta Ceramics Co.", "9 Binh Duong Blvd", "Thu Dau Mot", "", "820000", "Vietnam", "VN", "Asia/Ho_Chi_Minh", "Le Thu"},
}

// flexport issues the freight invoices.
var flexport = party{"Flexport International LLC", "760 Market St Fl 8", "San Francisco", "CA", "94102", "United States", "US", "America/Los_Angeles", "Billing"}

// item is a product of the catalogue.
type item struct {
	name, category, hs, hsDesc, origin string
	unitKg                             float64
}

var catalogue = []item{
	{"Electric lawn mower", "Garden", "8433.11", "Mowers, powered, cutting device rotating in a horizontal plane", "CN", 28},
	{"Cotton T-shirt", "Apparel", "6109.10", "T-shirts, singlets and other vests, of cotton, knitted", "VN", 0.2},
	{"Stainless steel water bottle", "Outdoor", "7323.93", "Table, kitchen or other household articles of stainless steel", "CN", 0.4},
	{"LED desk lamp", "Home", "9405.21", "Electric table, desk, bedside or floor-standing luminaires", "CN", 1.1},
	{"Bluetooth speaker", "Electronics", "8518.22", "Multiple loudspeakers, mounted in the same enclosure", "CN", 0.8},
	{"Yoga mat", "Fitness", "9506.91", "Articles and equipment for general physical exercise", "TW", 1.5},
	{"Two-person camping tent", "Outdoor", "6306.22", "Tents of synthetic fibres", "VN", 3.2},
	{"Ceramic mug", "Home", "6912.00", "Ceramic tableware, kitchenware, other household articles", "VN", 0.35},
	{"Hiking backpack", "Outdoor", "4202.92", "Bags with outer surface of sheeting of plastics or of textile materials", "VN", 1.3},
	{"Trail running shoes", "Footwear", "6404.11", "Sports footwear with outer soles of rubber or plastics", "VN", 0.7},
	{"Lithium-ion battery pack", "Electronics", "8507.60", "Lithium-ion accumulators", "KR", 0.5},
	{"Bamboo cutting board", "Home", "4419.12", "Chopsticks and tableware of bamboo", "CN", 0.9},
	{"Bicycle derailleur", "Cycling", "8714.99", "Parts and accessories of bicycles", "TW", 0.3},
	{"Insulated cooler box", "Outdoor", "3924.10", "Tableware and kitchenware, of plastics", "CN", 4},
	{"Socket wrench set", "Tools", "8204.20", "Interchangeable spanner sockets, with or without handles", "KR", 2.2},
	{"Folding camp chair", "Outdoor", "9401.71", "Seats with metal frames, upholstered", "DE", 2.8},
}

var vessels = []struct{ name, imo, scac, carrier string }{
	{"MSC Gülsün", "9839430", "MSCU", "MSC"}, {"Ever Given", "9811000", "EGLV", "Evergreen"},
	{"CMA CGM Antoine de Saint Exupery", "9776418", "CMDU", "CMA CGM"}, {"Maersk Essen", "9456783", "MAEU", "Maersk"},
	{"ONE Apus", "9806079", "ONEY", "Ocean Network Express"}, {"HMM Algeciras", "9863297", "HDMU", "HMM"},
	{"COSCO Shipping Universe", "9795610", "COSU", "COSCO"}, {"Berlin Express", "9229831", "HLCU", "Hapag-Lloyd"},
}

var airlines = []struct{ name, code string }{
	{"Cathay Pacific Cargo", "CX"}, {"China Airlines Cargo", "CI"}, {"Lufthansa Cargo", "LH"}, {"Korean Air Cargo", "KE"},
}

var truckers = []string{"Pacific Drayage Co.", "Golden Gate Trucking", "Harbor Freight Lines", "Blue Line Cartage"}

var documentTypes = []struct{ kind, file, mime string }{
	{"commercial_invoice", "commercial_invoice.pdf", "application/pdf"},
	{"packing_list", "packing_list.pdf", "application/pdf"},
	{"house_bill_of_lading", "hbl.pdf", "application/pdf"},
	{"arrival_notice", "arrival_notice.pdf", "application/pdf"},
	{"certificate_of_origin", "certificate_of_origin.png", "image/png"},
	{"customs_entry_summary", "entry_summary.csv", "text/csv"},
}
