package webhook

// The constants follow Flexport's milestone table (apidocs.flexport.com, tag
// Milestones), in its order. "On request" marks the types Flexport enables
// only when asked. When adding a type, add it to knownTypes too;
// TestKnownEventTypesMatchConstants checks that every constant is listed.

// Estimated Transit milestones: revised estimates. Their data is a Shipment Event Data object.
const (
	// ShipmentScheduleConfirmed means estimated departure and arrival dates were set for each location.
	ShipmentScheduleConfirmed EventType = "/shipment#schedule_confirmed"
	// ShipmentLegUpdatedEstimatedTimeOfDeparture means the estimated departure from a location was revised (ETD; on request).
	ShipmentLegUpdatedEstimatedTimeOfDeparture EventType = "/shipment_leg#updated_estimated_time_of_departure"
	// ShipmentLegUpdatedEstimatedTimeOfArrival means the estimated arrival at a location was revised (ETA; on request).
	ShipmentLegUpdatedEstimatedTimeOfArrival EventType = "/shipment_leg#updated_estimated_time_of_arrival"
	// ShipmentLegUpdatedEstimatedOutForDelivery means the estimated out-for-delivery date was revised (on request).
	ShipmentLegUpdatedEstimatedOutForDelivery EventType = "/shipment_leg#updated_estimated_out_for_delivery"
	// ShipmentUpdatedRoute means the route to the final destination changed (under development; on request).
	ShipmentUpdatedRoute EventType = "/shipment#updated_route"
	// ShipmentContainerLegUpdatedEstimatedAvailableForPickup means the estimated pickup-ready date at the port of delivery was revised (on request).
	ShipmentContainerLegUpdatedEstimatedAvailableForPickup EventType = "/shipment_container_leg#updated_estimated_available_for_pickup"
)

// Actual Transit milestones: cargo moved. Their data is a Shipment Event Data object.
const (
	// ShipmentLegArrived means the shipment arrived at a location (ATA).
	ShipmentLegArrived EventType = "/shipment_leg#arrived"
	// ShipmentLegDeparted means the shipment departed from a location (ATD).
	ShipmentLegDeparted EventType = "/shipment_leg#departed"
	// ShipmentLegOutForDelivery means the shipment departed and is out for delivery (on request).
	ShipmentLegOutForDelivery EventType = "/shipment_leg#out_for_delivery"
	// ShipmentLegDeliveryCompleted means delivery of the shipment is complete (on request).
	ShipmentLegDeliveryCompleted EventType = "/shipment_leg#delivery_completed"
	// ContainerLegLoadedOnBoard means a container was loaded on a vessel or rail (on request).
	ContainerLegLoadedOnBoard EventType = "/ocean/shipment_container_leg#loaded_on_board"
	// OceanShipmentLegLoadedOnTruck means cargo was transloaded from a container to a truck (on request).
	OceanShipmentLegLoadedOnTruck EventType = "/ocean/shipment_leg#loaded_on_truck"
	// ContainerLegUnloadedOffBoard means a container was discharged from a vessel or rail (on request).
	ContainerLegUnloadedOffBoard EventType = "/ocean/shipment_container_leg#unloaded_off_board"
	// ShipmentLegDelivered means part of the shipment was delivered to its final destination.
	ShipmentLegDelivered EventType = "/shipment_leg#delivered"
	// ShipmentDeliveredInFull means the entire shipment was delivered to its final destination.
	ShipmentDeliveredInFull EventType = "/shipment#delivered_in_full"
)

// Administrative milestones: bookings, customs, containers, appointments and the
// shipment exceptions (delays). Their data is a Shipment Event Data object.
const (
	// ShipmentCreated means the Flexport quote was confirmed and cargo is getting ready to ship.
	ShipmentCreated EventType = "/shipment#created"
	// ShipmentBookingConfirmed means the shipment is booked with the air carrier (on request).
	ShipmentBookingConfirmed EventType = "/shipment#booking_confirmed"
	// ShipmentCargoReadyDateChanged means the cargo ready date changed from the original one.
	ShipmentCargoReadyDateChanged EventType = "/shipment#cargo_ready_date_changed"
	// ShipmentUpdatedCargoReadyDate means the cargo ready date changed. Undocumented, but seen in deliveries.
	ShipmentUpdatedCargoReadyDate EventType = "/shipment#updated_cargo_ready_date"
	// ShipmentDocumentsSentToNominatedBroker means the arrival notice was sent to the client-nominated customs broker.
	ShipmentDocumentsSentToNominatedBroker EventType = "/shipment#documents_sent_to_nominated_broker"
	// ShipmentsCommercialInvoicesDigitized means all commercial invoices were entered into Flexport. Note the plural "/shipments" prefix, as documented.
	ShipmentsCommercialInvoicesDigitized EventType = "/shipments#commercial_invoices_digitized"
	// ShipmentCustomsEntryReleaseStatusReleased means the shipment cleared customs.
	ShipmentCustomsEntryReleaseStatusReleased EventType = "/shipment#customs_entry_release_status_released"
	// ShipmentCustomsAgricultureHold means the shipment is on an agriculture customs hold.
	ShipmentCustomsAgricultureHold EventType = "/shipment#customs_agriculture_hold"
	// ShipmentCustomsEntryReleaseStatusDocumentRequired means customs hold: a document is required.
	ShipmentCustomsEntryReleaseStatusDocumentRequired EventType = "/shipment#customs_entry_release_status_document_required"
	// ShipmentCustomsEntryReleaseStatusEntryDocsRequired means customs hold: entry documents are required.
	ShipmentCustomsEntryReleaseStatusEntryDocsRequired EventType = "/shipment#customs_entry_release_status_entry_docs_required"
	// ShipmentCustomsEntryReleaseStatusPendingIntensiveExam means customs hold: pending an intensive exam.
	ShipmentCustomsEntryReleaseStatusPendingIntensiveExam EventType = "/shipment#customs_entry_release_status_pending_intensive_exam"
	// ShipmentCustomsEntryReleaseStatusReleaseSuspended means customs hold: release suspended.
	ShipmentCustomsEntryReleaseStatusReleaseSuspended EventType = "/shipment#customs_entry_release_status_release_suspended"
	// ShipmentCustomsEntryReleaseStatusUnderCBPReview means customs hold: under CBP review.
	ShipmentCustomsEntryReleaseStatusUnderCBPReview EventType = "/shipment#customs_entry_release_status_under_cbp_review"
	// ShipmentCustomsUndergoingXRayExam means customs hold: undergoing an X-ray exam.
	ShipmentCustomsUndergoingXRayExam EventType = "/shipment#customs_undergoing_x_ray_exam"
	// ShipmentExportCountryCustomsExam means customs hold: export-country customs exam.
	ShipmentExportCountryCustomsExam EventType = "/shipment#export_country_customs_exam"
	// ShipmentExportCountryMagnetismExam means customs hold: export-country magnetism exam.
	ShipmentExportCountryMagnetismExam EventType = "/shipment#export_country_magnetism_exam"
	// ContainerLegAvailableForPickup means a container became available for pickup at the port (on request).
	ContainerLegAvailableForPickup EventType = "/ocean/shipment_container_leg#available_for_pickup"
	// ShipmentLegDeliveryAppointmentRequested means a delivery appointment was requested (on request).
	ShipmentLegDeliveryAppointmentRequested EventType = "/shipment_leg#delivery_appointment_requested"
	// ShipmentLegDeliveryAppointmentScheduled means a delivery appointment was scheduled.
	ShipmentLegDeliveryAppointmentScheduled EventType = "/shipment_leg#delivery_appointment_scheduled"
	// ShipmentFilingSubmittedForInBondTransportation means the filing for in-bond transportation was submitted.
	ShipmentFilingSubmittedForInBondTransportation EventType = "/shipment#filing_submitted_for_in_bond_transportation"
	// ContainerFreeTimeToExpire means a container's free time is about to expire.
	ContainerFreeTimeToExpire EventType = "/ocean/shipment_container#free_time_to_expire"
	// ContainerFreeTimeExpired means a container's free time expired.
	ContainerFreeTimeExpired EventType = "/ocean/shipment_container#free_time_expired"
	// ShipmentFTZAdmission means the carrier was told the posted bill was placed on an FTZ admission.
	ShipmentFTZAdmission EventType = "/shipment#ftz_admission"
	// ContainerEmptyReturned means an empty container was returned to the carrier.
	ContainerEmptyReturned EventType = "/ocean/shipment_container#empty_returned"
	// ShipmentReturnedToShipper means some containers were returned to the shipper.
	ShipmentReturnedToShipper EventType = "/shipment#returned_to_shipper"
	// ShipmentContainerLegDeliveryAppointmentScheduled means a container delivery appointment was scheduled.
	//
	// Deprecated: use ShipmentLegDeliveryAppointmentScheduled.
	ShipmentContainerLegDeliveryAppointmentScheduled EventType = "/shipment_container_leg#delivery_appointment_scheduled"
	// ShipmentCargoBreakdownDelay is an exception: delay due to cargo breakdown.
	ShipmentCargoBreakdownDelay EventType = "/shipment#cargo_breakdown_delay"
	// ShipmentCargoBumpedFromBookedFlight is an exception: cargo bumped from the booked flight.
	ShipmentCargoBumpedFromBookedFlight EventType = "/shipment#cargo_bumped_from_booked_flight"
	// ShipmentCargoContaminationDelay is an exception: delay due to cargo contamination.
	ShipmentCargoContaminationDelay EventType = "/shipment#cargo_contamination_delay"
	// ShipmentCargoNotAvailable is an exception: delay due to unavailable cargo.
	ShipmentCargoNotAvailable EventType = "/shipment#cargo_not_available"
	// ShipmentCargoReadyDateChangedException is an exception: delay due to a changed cargo ready date.
	ShipmentCargoReadyDateChangedException EventType = "/shipment#cargo_ready_date_changed_exception"
	// ShipmentCargoRolledFromBookedVessel is an exception: cargo rolled from the booked vessel.
	ShipmentCargoRolledFromBookedVessel EventType = "/shipment#cargo_rolled_from_booked_vessel"
	// ShipmentDryRunPickup is an exception: pickup not completed (dry run).
	ShipmentDryRunPickup EventType = "/shipment#dry_run_pickup"
	// ShipmentDryRunDeliveryAttemptNotCompleted is an exception: delivery attempt not completed (dry run).
	ShipmentDryRunDeliveryAttemptNotCompleted EventType = "/shipment#dry_run_delivery_attempt_not_completed"
	// ShipmentEquipmentUnavailable is an exception: delay due to unavailable equipment.
	ShipmentEquipmentUnavailable EventType = "/shipment#equipment_unavailable"
	// ShipmentFlightDelayMechanical is an exception: flight delayed by a mechanical problem.
	ShipmentFlightDelayMechanical EventType = "/shipment#flight_delay_mechanical"
	// ShipmentFlightDelayScheduleUpdatedByCarrier is an exception: flight schedule changed by the carrier.
	ShipmentFlightDelayScheduleUpdatedByCarrier EventType = "/shipment#flight_delay_schedule_updated_by_carrier"
	// ShipmentLateBillOfLadingRelease is an exception: late bill of lading release.
	ShipmentLateBillOfLadingRelease EventType = "/shipment#late_bill_of_lading_release"
	// ShipmentMissedAppointment is an exception: delivery not completed, appointment missed.
	ShipmentMissedAppointment EventType = "/shipment#missed_appointment"
	// ShipmentMissingCargo is an exception: delay due to missing cargo.
	ShipmentMissingCargo EventType = "/shipment#missing_cargo"
	// ShipmentNoAppointmentsAvailable is an exception: no appointments available.
	ShipmentNoAppointmentsAvailable EventType = "/shipment#no_appointments_available"
	// ShipmentNoAttemptMade is an exception: delivery not completed, no attempt made.
	ShipmentNoAttemptMade EventType = "/shipment#no_attempt_made"
	// ShipmentOceanPortDwellDelay is an exception: delay due to dwell at the ocean port.
	ShipmentOceanPortDwellDelay EventType = "/shipment#ocean_port_dwell_delay"
	// ShipmentPendingCustomsClearanceFromNominatedBroker is an exception: clearance pending from the nominated broker.
	ShipmentPendingCustomsClearanceFromNominatedBroker EventType = "/shipment#pending_customs_clearance_from_nominated_broker"
	// ShipmentPendingDeliveryAppointmentConfirmation is an exception: delivery appointment confirmation pending.
	ShipmentPendingDeliveryAppointmentConfirmation EventType = "/shipment#pending_delivery_appointment_confirmation"
	// ShipmentPortStrikeDelay is an exception: delay due to a port strike.
	ShipmentPortStrikeDelay EventType = "/shipment#port_strike_delay"
	// ShipmentRailCarEquipmentBreakdown is an exception: rail car equipment breakdown.
	ShipmentRailCarEquipmentBreakdown EventType = "/shipment#rail_car_equipment_breakdown"
	// ShipmentRailInterchangeDelay is an exception: delay due to rail interchange.
	ShipmentRailInterchangeDelay EventType = "/shipment#rail_interchange_delay"
	// ShipmentRailTransferDelay is an exception: delay due to rail transfer.
	ShipmentRailTransferDelay EventType = "/shipment#rail_transfer_delay"
	// ShipmentReroutedByCarrier is an exception: shipment rerouted by the carrier.
	ShipmentReroutedByCarrier EventType = "/shipment#shipment_rerouted_by_carrier"
	// ShipmentReroutedPerClientRequest is an exception: shipment rerouted per client request.
	ShipmentReroutedPerClientRequest EventType = "/shipment#shipment_rerouted_per_client_request"
	// ShipmentSupplierLateGateIn is an exception: late shipper gate-in.
	ShipmentSupplierLateGateIn EventType = "/shipment#supplier_late_gate_in"
	// ShipmentSupplierLateDocuments is an exception: late shipper documents.
	ShipmentSupplierLateDocuments EventType = "/shipment#supplier_late_documents"
	// ShipmentTransloadDelay is an exception: delay due to transload.
	ShipmentTransloadDelay EventType = "/shipment#transload_delay"
	// ShipmentTransshipmentDelay is an exception: delay due to transshipment.
	ShipmentTransshipmentDelay EventType = "/shipment#transshipment_delay"
	// ShipmentTruckerRejected is an exception: delivery rejected at the delivery site.
	ShipmentTruckerRejected EventType = "/shipment#trucker_rejected"
	// ShipmentTruckersHoursExpired is an exception: trucker's hours expired.
	ShipmentTruckersHoursExpired EventType = "/shipment#truckers_hours_expired"
	// ShipmentTruckingDelayChassisProblem is an exception: trucking delayed by a chassis problem.
	ShipmentTruckingDelayChassisProblem EventType = "/shipment#trucking_delay_chassis_problem"
	// ShipmentTruckingDelayMechanicalProblem is an exception: trucking delayed by a mechanical problem.
	ShipmentTruckingDelayMechanicalProblem EventType = "/shipment#trucking_delay_mechanical_problem"
	// ShipmentTruckingDelayPortCongestion is an exception: trucking delayed by port congestion.
	ShipmentTruckingDelayPortCongestion EventType = "/shipment#trucking_delay_port_congestion"
	// ShipmentTruckingDelayOther is an exception: trucking delayed for another reason.
	ShipmentTruckingDelayOther EventType = "/shipment#trucking_delay_other"
	// ShipmentTruckingDelayStrike is an exception: trucking delayed by a strike.
	ShipmentTruckingDelayStrike EventType = "/shipment#trucking_delay_strike"
	// ShipmentTruckingDelayTraffic is an exception: trucking delayed by traffic.
	ShipmentTruckingDelayTraffic EventType = "/shipment#trucking_delay_traffic"
	// ShipmentVesselDelayMechanical is an exception: vessel delayed by a mechanical problem.
	ShipmentVesselDelayMechanical EventType = "/shipment#vessel_delay_mechanical"
	// ShipmentVesselDelayPortCongestion is an exception: vessel delayed by port congestion.
	ShipmentVesselDelayPortCongestion EventType = "/shipment#vessel_delay_port_congestion"
	// ShipmentVesselDelayScheduleUpdatedByCarrier is an exception: vessel schedule changed by the carrier.
	ShipmentVesselDelayScheduleUpdatedByCarrier EventType = "/shipment#vessel_delay_schedule_updated_by_carrier"
	// ShipmentWarehouseDevanDelay is an exception: delay due to warehouse devanning.
	ShipmentWarehouseDevanDelay EventType = "/shipment#warehouse_devan_delay"
	// ShipmentWeatherDelay is an exception: delay due to weather.
	ShipmentWeatherDelay EventType = "/shipment#weather_delay"
)

// Invoice milestones. The shape of their data is not documented; see
// [Event.Invoice].
const (
	// InvoicePaymentMade means a payment was made on an invoice.
	InvoicePaymentMade EventType = "/invoice#invoice_payment_made"
	// InvoiceDueDateAdjusted means an invoice's payment due date was adjusted.
	InvoiceDueDateAdjusted EventType = "/invoice#invoice_due_date_adjusted"
	// InvoiceShared means an invoice was shared.
	InvoiceShared EventType = "/invoice#invoice_shared"
	// InvoiceVoided means an invoice was voided.
	InvoiceVoided EventType = "/invoice#invoice_voided"
	// InvoiceCreditApplied means a credit was applied to an invoice.
	InvoiceCreditApplied EventType = "/invoice#invoice_credit_applied"
	// InvoiceRefundApplied means a refund was applied to an invoice.
	InvoiceRefundApplied EventType = "/invoice#invoice_refund_applied"
	// InvoicePaymentFailed means a payment on an invoice failed.
	InvoicePaymentFailed EventType = "/invoice#invoice_payment_failed"
)

// Group returns the milestone group t belongs to: the documented group for a
// known type, else a group guessed from the object prefix ("/invoice#",
// "/document#", "/purchase_order#", singular or plural), else "".
func (t EventType) Group() Group {
	if g := knownGroup(t); g != "" {
		return g
	}
	switch t.Object() {
	case "/invoice", "/invoices":
		return GroupInvoice
	case "/document", "/documents":
		return GroupDocument
	case "/purchase_order", "/purchase_orders":
		return GroupPurchaseOrder
	}
	return ""
}

// Known reports whether t is one of the types this package has a constant
// for (see [KnownEventTypes]).
func (t EventType) Known() bool { return knownGroup(t) != "" }

// knownTypes lists the types this package has constants for, by group, in
// the order of Flexport's milestone table.
var knownTypes = []struct {
	group Group
	types []EventType
}{
	{GroupEstimatedTransit, []EventType{
		ShipmentScheduleConfirmed,
		ShipmentLegUpdatedEstimatedTimeOfDeparture,
		ShipmentLegUpdatedEstimatedTimeOfArrival,
		ShipmentLegUpdatedEstimatedOutForDelivery,
		ShipmentUpdatedRoute,
		ShipmentContainerLegUpdatedEstimatedAvailableForPickup,
	}},
	{GroupActualTransit, []EventType{
		ShipmentLegArrived,
		ShipmentLegDeparted,
		ShipmentLegOutForDelivery,
		ShipmentLegDeliveryCompleted,
		ContainerLegLoadedOnBoard,
		OceanShipmentLegLoadedOnTruck,
		ContainerLegUnloadedOffBoard,
		ShipmentLegDelivered,
		ShipmentDeliveredInFull,
	}},
	{GroupAdministrative, []EventType{
		ShipmentCreated,
		ShipmentBookingConfirmed,
		ShipmentCargoReadyDateChanged,
		ShipmentUpdatedCargoReadyDate,
		ShipmentDocumentsSentToNominatedBroker,
		ShipmentsCommercialInvoicesDigitized,
		ShipmentCustomsEntryReleaseStatusReleased,
		ShipmentCustomsAgricultureHold,
		ShipmentCustomsEntryReleaseStatusDocumentRequired,
		ShipmentCustomsEntryReleaseStatusEntryDocsRequired,
		ShipmentCustomsEntryReleaseStatusPendingIntensiveExam,
		ShipmentCustomsEntryReleaseStatusReleaseSuspended,
		ShipmentCustomsEntryReleaseStatusUnderCBPReview,
		ShipmentCustomsUndergoingXRayExam,
		ShipmentExportCountryCustomsExam,
		ShipmentExportCountryMagnetismExam,
		ContainerLegAvailableForPickup,
		ShipmentLegDeliveryAppointmentRequested,
		ShipmentLegDeliveryAppointmentScheduled,
		ShipmentFilingSubmittedForInBondTransportation,
		ContainerFreeTimeToExpire,
		ContainerFreeTimeExpired,
		ShipmentFTZAdmission,
		ContainerEmptyReturned,
		ShipmentReturnedToShipper,
		ShipmentContainerLegDeliveryAppointmentScheduled,
		ShipmentCargoBreakdownDelay,
		ShipmentCargoBumpedFromBookedFlight,
		ShipmentCargoContaminationDelay,
		ShipmentCargoNotAvailable,
		ShipmentCargoReadyDateChangedException,
		ShipmentCargoRolledFromBookedVessel,
		ShipmentDryRunPickup,
		ShipmentDryRunDeliveryAttemptNotCompleted,
		ShipmentEquipmentUnavailable,
		ShipmentFlightDelayMechanical,
		ShipmentFlightDelayScheduleUpdatedByCarrier,
		ShipmentLateBillOfLadingRelease,
		ShipmentMissedAppointment,
		ShipmentMissingCargo,
		ShipmentNoAppointmentsAvailable,
		ShipmentNoAttemptMade,
		ShipmentOceanPortDwellDelay,
		ShipmentPendingCustomsClearanceFromNominatedBroker,
		ShipmentPendingDeliveryAppointmentConfirmation,
		ShipmentPortStrikeDelay,
		ShipmentRailCarEquipmentBreakdown,
		ShipmentRailInterchangeDelay,
		ShipmentRailTransferDelay,
		ShipmentReroutedByCarrier,
		ShipmentReroutedPerClientRequest,
		ShipmentSupplierLateGateIn,
		ShipmentSupplierLateDocuments,
		ShipmentTransloadDelay,
		ShipmentTransshipmentDelay,
		ShipmentTruckerRejected,
		ShipmentTruckersHoursExpired,
		ShipmentTruckingDelayChassisProblem,
		ShipmentTruckingDelayMechanicalProblem,
		ShipmentTruckingDelayPortCongestion,
		ShipmentTruckingDelayOther,
		ShipmentTruckingDelayStrike,
		ShipmentTruckingDelayTraffic,
		ShipmentVesselDelayMechanical,
		ShipmentVesselDelayPortCongestion,
		ShipmentVesselDelayScheduleUpdatedByCarrier,
		ShipmentWarehouseDevanDelay,
		ShipmentWeatherDelay,
	}},
	{GroupInvoice, []EventType{
		InvoicePaymentMade,
		InvoiceDueDateAdjusted,
		InvoiceShared,
		InvoiceVoided,
		InvoiceCreditApplied,
		InvoiceRefundApplied,
		InvoicePaymentFailed,
	}},
}

// knownGroups maps each type of knownTypes to its group.
var knownGroups = func() map[EventType]Group {
	m := make(map[EventType]Group)
	for _, g := range knownTypes {
		for _, t := range g.types {
			m[t] = g.group
		}
	}
	return m
}()

// knownGroup returns the group of a known type, or "".
func knownGroup(t EventType) Group { return knownGroups[t] }

// KnownEventTypes returns the event types this package has constants for, in
// the order of Flexport's milestone table. The slice is new on every call.
func KnownEventTypes() []EventType {
	n := 0
	for _, g := range knownTypes {
		n += len(g.types)
	}
	all := make([]EventType, 0, n)
	for _, g := range knownTypes {
		all = append(all, g.types...)
	}
	return all
}
