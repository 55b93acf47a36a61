//! The v2 account directory: customers (list, update, blacklist), organisations, departments
//! with their categories, custom fields and operators, and chats. Decisions are in
//! docs/v2-calls.md; the wire facts in the spec's v2-api.md. Every answer is read leniently (the
//! same rules as the seed calls: numbers as strings, `"S"`/`"N"`, PHP's object-shaped lists).
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tsify::Tsify;

use super::calls::{codec, Codec, Input};
use super::customer::{quota_of, CustomerCustomField, Quota};
use super::envelope::{self, Response};
use super::error::{Error, ErrorKind};
use super::fields::{self, clearable, clearable_email, kept, optional_email, optional_id, required_id_text, who, CustomerIdentifierType, Language};
use super::http::{Family, Request};
use super::issue::IssueCode;
use super::json::{Kind, Val};
use super::page::{decode_page, paged_codec, Page};
use super::read::{lenient_bool, lenient_date, slots, Reader};
use super::ticket::ID_MAX_CHARS;
use super::write::RawJson;

use super::read::opt_text as text;

fn push(q: &mut Vec<(String, String)>, k: &str, v: &str) {
    q.push((k.to_owned(), v.to_owned()));
}

/// The objects of a list, or none when the value is absent or not a list (see
/// [`super::read::object_items`]).
fn objects<'d, 'a>(v: Option<Val<'d, 'a>>) -> impl Iterator<Item = Val<'d, 'a>> {
    v.and_then(super::read::object_items).unwrap_or_default().into_iter()
}

/// `{id, name}`; `None` when both are absent.
fn id_name<'a>(v: Option<Val<'_, 'a>>) -> Option<Named<'a>> {
    let v = v.filter(|v| v.kind() == Kind::Object)?;
    let f = slots!(v; id = "id", name = "name", label = "label");
    let (id, name) = (text(f.id), text(f.name).or_else(|| text(f.label)));
    (id.is_some() || name.is_some()).then_some(Named { id, name })
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// An `{ id, name }` pair (an organisation, a department, an operator of a ticket or chat).
    pub struct Named<'a> {
        pub id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
    }
}

/// An input with no member but paging (`listCustomers`, `listOrganizations`).
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq, Default)]
#[tsify(type = "Record<string, never>")]
pub struct NoFilter;

impl Input for NoFilter {
    fn read(r: Reader<'_, '_, '_>) -> Option<NoFilter> {
        r.finish();
        Some(NoFilter)
    }
    fn encode(&self, _: &mut Request) {}
}

// ---------------------------------------------------------------------------------------------
// listCustomers

models! {
    [#[tsify(missing_as_null)]]

    /// A customer as `listCustomers` gives it.
    pub struct CustomerSummary<'a> {
        /// TomTicket's id of the customer.
        pub id: Option<Cow<'a, str>>,
        /// Your id of the customer (`customerId` of the other calls).
        pub internal_id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        pub email: Option<Cow<'a, str>>,
        pub phone: Option<Cow<'a, str>>,
        /// `null`: not sent or unreadable (never "unlimited").
        pub monthly_ticket_quota: Option<Quota>,
        pub can_create_tickets: Option<bool>,
        pub email_validated: Option<bool>,
        pub active: Option<bool>,
        pub account_approved: Option<bool>,
        pub organization: Option<Named<'a>>,
        pub created_at: Option<Cow<'a, str>>,
        pub custom_fields: Vec<CustomerCustomField<'a>>,
    }
}

fn customer_summary<'a>(o: Val<'_, 'a>) -> Option<CustomerSummary<'a>> {
    let f = slots!(o;
        id = "id", internal_id = "internal_id", name = "name", email = "email", phone = "phone",
        quota_live = "monthly_tickets_quota", quota_doc = "monthly_ticket_quota", allowed = "allowed_create_tickets",
        email_validated = "email_validated", active = "active", account_approved = "account_approved",
        organization = "organization", creation_date = "creation_date", custom_fields = "custom_fields",
    );
    let custom_fields = objects(f.custom_fields)
        .map(|c| {
            let c = slots!(c; field_id = "field_id", id = "id", field_name = "field_name", name = "name", label = "label", value = "value");
            CustomerCustomField {
                id: text(c.field_id).or_else(|| text(c.id)),
                name: text(c.field_name).or_else(|| text(c.name)).or_else(|| text(c.label)),
                value: RawJson(c.value.map_or("null", |v| v.raw_json())),
            }
        })
        .collect();
    Some(CustomerSummary {
        id: text(f.id),
        internal_id: text(f.internal_id),
        name: text(f.name),
        email: text(f.email),
        phone: text(f.phone),
        monthly_ticket_quota: f.quota_live.or(f.quota_doc).and_then(quota_of),
        can_create_tickets: f.allowed.and_then(lenient_bool),
        email_validated: f.email_validated.and_then(lenient_bool),
        active: f.active.and_then(lenient_bool),
        account_approved: f.account_approved.and_then(lenient_bool),
        organization: id_name(f.organization),
        created_at: f.creation_date.and_then(lenient_date),
        custom_fields,
    })
}

paged_codec!(
    /// `GET v2.0/customer/list`, one page.
    pub(super) ListCustomers: NoFilter => CustomerSummary via customer_summary
);

// ---------------------------------------------------------------------------------------------
// updateCustomerV2

/// Changes a customer through v2 (`customer/update`), sending only the fields given.
#[derive(Tsify, Clone, Debug, PartialEq, Eq)]
#[tsify(
    type = "({ customerId: string; email?: never } | { email: string; customerId?: never }) & { newInternalId?: string; name?: string; newEmail?: string | null; phone?: string | null; canCreateTickets?: boolean; organizationId?: string | null; language?: Language | \"pt_BR\" | \"en_US\" | \"es_ES\"; portfolioId?: string | null; customFields?: { [fieldId: string]: string | number | boolean | null } }"
)]
pub struct CustomerUpdateV2 {
    who: (String, CustomerIdentifierType),
    form: Vec<(String, String)>,
}

/// An update's field that can be cleared, where `null` clears it too (`""` is sent); absent →
/// not sent. `read` reads a given value.
fn cleared_by_null(r: &mut Reader<'_, '_, '_>, key: &'static str, read: impl FnOnce(&mut Reader<'_, '_, '_>) -> Option<String>) -> Option<String> {
    if r.member(key).is_some_and(|v| v.is_null()) {
        return Some(String::new());
    }
    read(r)
}

/// The fields an update may change (besides who).
const UPDATE_KEYS: &[&str] =
    &["newInternalId", "name", "newEmail", "phone", "canCreateTickets", "organizationId", "language", "portfolioId", "customFields"];

impl Input for CustomerUpdateV2 {
    /// The rules of legacy `updateCustomer` (see legacy.rs): `name` and `newInternalId` cannot
    /// be emptied; `newEmail`, `phone`, `organizationId`, `portfolioId` can (`""`/`null`);
    /// custom-field values `""`/`null` clear the field; nothing to change is a `required` issue.
    fn read(mut r: Reader<'_, '_, '_>) -> Option<CustomerUpdateV2> {
        let who = who(&mut r, true);
        let any_given = UPDATE_KEYS.iter().any(|k| r.has(k));
        let internal = kept(&mut r, "newInternalId", super::legacy::INTERNAL_ID_MAX_CHARS);
        let name = kept(&mut r, "name", super::legacy::NAME_MAX_CHARS);
        let email = cleared_by_null(&mut r, "newEmail", |r| clearable_email(r, "newEmail", super::legacy::EMAIL_MAX_CHARS));
        let phone = cleared_by_null(&mut r, "phone", |r| clearable(r, "phone", super::legacy::PHONE_MAX_CHARS));
        let can_create = r.bool("canCreateTickets");
        let org = cleared_by_null(&mut r, "organizationId", |r| clearable(r, "organizationId", ID_MAX_CHARS));
        let language = r.one_of("language", Language::INPUTS);
        let portfolio = cleared_by_null(&mut r, "portfolioId", |r| clearable(r, "portfolioId", ID_MAX_CHARS));
        let custom = fields::custom_fields(&mut r, "customFields");
        let is_object = r.is_object();
        let issues = r.finish();
        if internal.is_some() && matches!(who, Some((_, CustomerIdentifierType::InternalId))) {
            issues.push(
                "newInternalId",
                IssueCode::NotAllowed,
                "newInternalId can change only when the customer is found by email (the internal id is what finds it)",
            );
        }
        let mut f = Vec::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                push(&mut f, k, v);
            }
        };
        put("internal_id", &internal);
        put("name", &name);
        put("email", &email);
        put("phone", &phone);
        put("create_tickets", &can_create.map(|b| if b { "1".to_owned() } else { "0".to_owned() }));
        put("organization_id", &org);
        put("language", &language.map(|l| l.new_customer_wire().to_owned()));
        put("portfolio_id", &portfolio);
        for (id, v) in custom.iter().flatten() {
            f.push((format!("custom_field[{id}]"), v.clone()));
        }
        if !any_given && is_object && who.is_some() {
            issues.push("", IssueCode::Required, "nothing to change: give at least one field besides customerId/email");
        }
        Some(CustomerUpdateV2 { who: who.unwrap_or((String::new(), CustomerIdentifierType::InternalId)), form: f })
    }

    fn encode(&self, request: &mut Request) {
        let f = request.form.get_or_insert_with(Vec::new);
        push(f, "customer_id", &self.who.0);
        push(f, "customer_type_id", self.who.1.wire());
        f.extend(self.form.iter().cloned());
    }
}

codec!(
    /// `POST v2.0/customer/update`.
    pub(super) UpdateCustomerV2: CustomerUpdateV2 => super::ticket::WriteResult,
    |resp| Ok(super::ticket::WriteResult { message: envelope::decode_write(Family::V2, resp, "the customer was updated")? })
);

// ---------------------------------------------------------------------------------------------
// searchBlacklist

/// An e-mail to look up in the blacklist of tickets created by e-mail.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
pub struct BlacklistQuery {
    pub email: String,
}

impl Input for BlacklistQuery {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<BlacklistQuery> {
        let given = r.kind_of("email") == Some(Kind::String);
        let email = optional_email(&mut r, "email", fields::CUSTOMER_ID_MAX_CHARS);
        if email.is_none() && r.is_object() && (given || !r.given("email")) {
            r.issues().push("email", IssueCode::Required, "email is required");
        }
        r.finish();
        Some(BlacklistQuery { email: email.unwrap_or_default() })
    }
    fn encode(&self, request: &mut Request) {
        push(&mut request.query, "email", &self.email);
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// Whether an e-mail is blacklisted.
    pub struct BlacklistResult {
        pub blacklisted: bool,
        pub message: Option<String>,
    }
}

codec!(
    /// `GET v2.0/customer/blacklist/search`. `data.blacklisted`, `data` as a boolean, or a list
    /// (non-empty = listed); a 404 with an envelope = not listed.
    pub(super) SearchBlacklist: BlacklistQuery => BlacklistResult, decode_search_blacklist
);

fn decode_search_blacklist<'a>(resp: &Response<'a>) -> Result<BlacklistResult, Error> {
    let doc = match envelope::decode(Family::V2, resp) {
        Ok(d) => d,
        Err(e) if envelope::is_nothing_found(&e) => {
            return Ok(BlacklistResult { blacklisted: false, message: e.server_message })
        }
        Err(e) => return Err(e),
    };
    let top = doc.root();
    let message = envelope::server_message(top, Family::V2);
    let data = top.get("data");
    let flag = match data.map(|d| (d, d.kind())) {
        Some((d, Kind::Object)) => ["blacklisted", "blacklist", "exists", "found"].iter().find_map(|k| d.get(k).and_then(lenient_bool)),
        Some((d, Kind::Array)) => Some(!d.is_empty()),
        Some((d, _)) => lenient_bool(d),
        None => None,
    };
    match flag {
        Some(blacklisted) => Ok(BlacklistResult { blacklisted, message }),
        None => Err(Error::new(ErrorKind::Decode, "expected `data` to say whether the e-mail is blacklisted")
            .with_status(resp.status)
            .with_server_message(message)),
    }
}

// ---------------------------------------------------------------------------------------------
// listOrganizations

fn named<'a>(o: Val<'_, 'a>) -> Option<Named<'a>> {
    id_name(Some(o))
}

paged_codec!(
    /// `GET v2.0/organization/list`, one page.
    pub(super) ListOrganizations: NoFilter => Named via named
);

// ---------------------------------------------------------------------------------------------
// Departments, custom fields, operators

models_skip_none! {
    [#[derive(Eq)]]

    /// `{ includeNested?: boolean }`.
    pub struct DepartmentQuery {
        /// With each department's categories, custom fields and operators. Default false.
        pub include_nested: Option<bool>,
    }
}

impl Input for DepartmentQuery {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<DepartmentQuery> {
        let include_nested = r.bool("includeNested");
        r.finish();
        Some(DepartmentQuery { include_nested })
    }
    fn encode(&self, request: &mut Request) {
        push(&mut request.query, "show_nested_items", if self.include_nested == Some(true) { "1" } else { "0" });
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// A custom field of tickets: its id and label.
    pub struct CustomField<'a> {
        pub id: Option<Cow<'a, str>>,
        pub label: Option<Cow<'a, str>>,
    }

    pub struct Category<'a> {
        pub id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        /// The ticket custom fields of this category.
        pub custom_fields: Vec<CustomField<'a>>,
    }

    /// A department; the lists are empty unless `includeNested` was asked.
    pub struct Department<'a> {
        pub id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        pub categories: Vec<Category<'a>>,
        /// Custom fields of tickets opened without a category.
        pub general_custom_fields: Vec<CustomField<'a>>,
        pub operators: Vec<Named<'a>>,
    }
}

models! {
    [#[derive(Eq)]]

    pub struct DepartmentList<'a> {
        pub departments: Vec<Department<'a>>,
    }
}

fn custom_field<'a>(f: Val<'_, 'a>) -> CustomField<'a> {
    let f = slots!(f; id = "id", field_id = "field_id", label = "label", name = "name", field_name = "field_name");
    CustomField { id: text(f.id).or_else(|| text(f.field_id)), label: text(f.label).or_else(|| text(f.name)).or_else(|| text(f.field_name)) }
}

fn department<'a>(d: Val<'_, 'a>) -> Department<'a> {
    let f = slots!(d; id = "id", name = "name", categories = "categories", general = "general_custom_fields", operators = "operators");
    let general = match f.general {
        Some(g) if g.kind() == Kind::Object && g.get("tickets").is_some() => g.get("tickets"),
        other => other,
    };
    Department {
        id: text(f.id),
        name: text(f.name),
        categories: objects(f.categories)
            .map(|c| {
                let c = slots!(c; id = "id", name = "name", custom_fields = "custom_fields");
                Category { id: text(c.id), name: text(c.name), custom_fields: objects(c.custom_fields).map(custom_field).collect() }
            })
            .collect(),
        general_custom_fields: objects(general).map(custom_field).collect(),
        operators: objects(f.operators).filter_map(named).collect(),
    }
}

/// The `data` list of a v2 answer (a 404 with an envelope = empty).
fn data_list<'a, T>(resp: &Response<'a>, item: impl Fn(Val<'_, 'a>) -> Option<T>) -> Result<Vec<T>, Error> {
    Ok(decode_page(resp, item)?.items)
}

codec!(
    /// `GET v2.0/department/list`.
    pub(super) ListDepartments: DepartmentQuery => DepartmentList<'a>,
    |resp| Ok(DepartmentList { departments: data_list(resp, |d| Some(department(d)))? })
);

models! {
    [#[derive(Eq)]]

    /// The custom fields and operators of the whole account, each once (the same field appears
    /// under many categories and departments): what `summarizeDepartments` gives.
    pub struct DepartmentSummary {
        /// Every custom field once, by id (the first label seen), with where it is used.
        pub custom_fields: Vec<FieldUse>,
        /// Every operator once, by id, with their departments.
        pub operators: Vec<OperatorUse>,
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    pub struct FieldUse {
        pub id: String,
        pub label: Option<String>,
        /// `departmentId` or `departmentId/categoryId` of every place the field is used.
        pub used_in: Vec<String>,
    }

    pub struct OperatorUse {
        pub id: String,
        pub name: Option<String>,
        pub department_ids: Vec<String>,
    }
}

/// De-duplicates a `DepartmentList` (given as JSON text: the output of `listDepartments`).
pub fn summarize_departments(json: &str) -> Result<DepartmentSummary, Error> {
    let doc = super::json::Doc::parse(json).map_err(|_| Error::new(ErrorKind::Validation, "expected the DepartmentList that listDepartments gave"))?;
    let list = doc.root().get("departments").filter(|d| d.kind() == Kind::Array);
    let Some(list) = list else {
        let mut issues = super::issue::Issues::new();
        issues.push("departments", IssueCode::Required, "expected { departments: [...] }, the output of listDepartments");
        return Err(Error::validation(issues.into_vec()));
    };
    let mut fields = Tally::default();
    let mut ops = Tally::default();
    let s = |v: Option<Val<'_, '_>>| text(v).map(Cow::into_owned);
    for d in objects(Some(list)) {
        let did = s(d.get("id")).unwrap_or_default();
        let mut add = |f: Val<'_, '_>, place: &str| {
            let Some(id) = s(f.get("id")) else { return };
            fields.add(id, s(f.get("label")), place);
        };
        for f in objects(d.get("generalCustomFields")) {
            add(f, &did);
        }
        for c in objects(d.get("categories")) {
            let place = format!("{did}/{}", s(c.get("id")).unwrap_or_default());
            for f in objects(c.get("customFields")) {
                add(f, &place);
            }
        }
        for o in objects(d.get("operators")) {
            let Some(id) = s(o.get("id")) else { continue };
            ops.add(id, s(o.get("name")), &did);
        }
    }
    Ok(DepartmentSummary {
        custom_fields: fields.rows.into_iter().map(|(id, label, used_in)| FieldUse { id, label, used_in }).collect(),
        operators: ops.rows.into_iter().map(|(id, name, department_ids)| OperatorUse { id, name, department_ids }).collect(),
    })
}

/// Ids in the order first seen, each with the first name given and every place it was seen
/// in, once: a custom field's label and places, an operator's name and departments.
#[derive(Default)]
struct Tally {
    at: BTreeMap<String, usize>,
    rows: Vec<(String, Option<String>, Vec<String>)>,
}

impl Tally {
    fn add(&mut self, id: String, name: Option<String>, place: &str) {
        let rows = &mut self.rows;
        let i = *self.at.entry(id).or_insert_with_key(|id| {
            rows.push((id.clone(), None, Vec::new()));
            rows.len() - 1
        });
        let Some((_, first, places)) = rows.get_mut(i) else { return };
        if first.is_none() {
            *first = name;
        }
        if !places.iter().any(|p| p == place) {
            places.push(place.to_owned());
        }
    }
}

models! {
    [#[derive(Eq)]]

    /// `{ departmentId, categoryId? }`.
    #[tsify(type = "{ departmentId: string | number; categoryId?: string | number }")]
    pub struct DepartmentFieldsQuery {
        department_id: String,
        category_id: Option<String>,
    }
}

impl Input for DepartmentFieldsQuery {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<DepartmentFieldsQuery> {
        let department_id = required_id_text(&mut r, "departmentId", 250);
        let category_id = optional_id(&mut r, "categoryId", 250);
        r.finish();
        Some(DepartmentFieldsQuery { department_id, category_id })
    }
    fn encode(&self, request: &mut Request) {
        push(&mut request.query, "department_id", &self.department_id);
        if let Some(c) = &self.category_id {
            push(&mut request.query, "category_id", c);
        }
    }
}

models! {
    [#[derive(Eq)]]

    pub struct CustomFieldList<'a> {
        pub fields: Vec<CustomField<'a>>,
    }
}

codec!(
    /// `GET v2.0/custom_field/department/list`.
    pub(super) ListDepartmentCustomFields: DepartmentFieldsQuery => CustomFieldList<'a>,
    |resp| Ok(CustomFieldList { fields: data_list(resp, |f| Some(custom_field(f)))? })
);

models! {
    [#[derive(Eq)]]

    /// `{ departmentId }`.
    #[tsify(type = "{ departmentId: string | number }")]
    pub struct DepartmentOperatorsQuery {
        department_id: String,
    }
}

impl Input for DepartmentOperatorsQuery {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<DepartmentOperatorsQuery> {
        let department_id = required_id_text(&mut r, "departmentId", ID_MAX_CHARS);
        r.finish();
        Some(DepartmentOperatorsQuery { department_id })
    }
    fn encode(&self, request: &mut Request) {
        push(&mut request.query, "department_id", &self.department_id);
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    pub struct Operator<'a> {
        pub id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        /// A hash of the operator's e-mail.
        pub mail_hash: Option<Cow<'a, str>>,
    }
}

models! {
    [#[derive(Eq)]]

    pub struct OperatorList<'a> {
        pub operators: Vec<Operator<'a>>,
    }
}

codec!(
    /// `GET v2.0/department/operator/list` (Premium and Enterprise plans: a 403 says so).
    pub(super) ListDepartmentOperators: DepartmentOperatorsQuery => OperatorList<'a>, decode_list_department_operators
);

fn decode_list_department_operators<'a>(resp: &Response<'a>) -> Result<OperatorList<'a>, Error> {
    let operators = data_list(resp, |o| Some(Operator { id: text(o.get("id")), name: text(o.get("name")), mail_hash: text(o.get("mail_hash")) }))
        .map_err(|mut e| {
            if e.kind == ErrorKind::Forbidden {
                e.message.push_str(" — department/operator/list needs a Premium or Enterprise TomTicket plan");
            }
            e
        })?;
    Ok(OperatorList { operators })
}

// ---------------------------------------------------------------------------------------------
// listChats

/// Which chats to list (`listChats`).
#[derive(Tsify, Clone, Debug, PartialEq, Eq, Default)]
#[tsify(
    type = "{ customerId?: string; email?: string; departmentId?: string | number; organizationId?: string | number; createdFrom?: DateInput; createdTo?: DateInput; protocol?: number; minProtocol?: number; maxProtocol?: number }"
)]
pub struct ChatFilter {
    query: Vec<(String, String)>,
}

impl Input for ChatFilter {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<ChatFilter> {
        let mut q = Vec::new();
        if let Some((id, kind)) = who(&mut r, false) {
            push(&mut q, "customer_id", &id);
            push(&mut q, "customer_type_id", kind.wire());
        }
        for (key, wire) in [("departmentId", "department_id"), ("organizationId", "organization_id")] {
            if let Some(v) = optional_id(&mut r, key, ID_MAX_CHARS) {
                push(&mut q, wire, &v);
            }
        }
        for (key, wire, end) in [("createdFrom", "creation_date_ge", false), ("createdTo", "creation_date_le", true)] {
            if let Some(v) = super::ticket::date_param(&mut r, key, end) {
                push(&mut q, wire, &v);
            }
        }
        // The page describes min/max the other way round; setting both to one number is safe
        // either way, and ranges are sent by the parameters' names.
        super::ticket::protocol_range(&mut r, &mut q);
        r.finish();
        Some(ChatFilter { query: q })
    }
    fn encode(&self, request: &mut Request) {
        request.query.extend(self.query.iter().cloned());
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// A chat as `listChats` gives it.
    pub struct Chat<'a> {
        pub id: Option<Cow<'a, str>>,
        pub protocol: Option<Cow<'a, str>>,
        /// The situation's text as the server sent it.
        pub situation: Option<Cow<'a, str>>,
        pub customer: Option<ChatCustomer<'a>>,
        pub department: Option<Named<'a>>,
        pub operator: Option<Named<'a>>,
        pub created_at: Option<Cow<'a, str>>,
        pub ended_at: Option<Cow<'a, str>>,
    }

    pub struct ChatCustomer<'a> {
        pub id: Option<Cow<'a, str>>,
        pub internal_id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        pub email: Option<Cow<'a, str>>,
    }
}

fn chat<'a>(o: Val<'_, 'a>) -> Option<Chat<'a>> {
    let situation = o.get("situation").and_then(|s| match s.kind() {
        Kind::Object => text(s.get("description")).or_else(|| text(s.get("name"))).or_else(|| text(s.get("id"))),
        _ => text(Some(s)),
    });
    let customer = o.get("customer").filter(|c| c.kind() == Kind::Object).map(|c| ChatCustomer {
        id: text(c.get("id")),
        internal_id: text(c.get("internal_id")),
        name: text(c.get("name")),
        email: text(c.get("email")),
    });
    Some(Chat {
        id: text(o.get("id")),
        protocol: text(o.get("protocol")),
        situation,
        customer,
        department: id_name(o.get("department")),
        operator: id_name(o.get("operator")),
        created_at: o.get("creation_date").and_then(lenient_date),
        ended_at: o.get("end_date").and_then(lenient_date),
    })
}

paged_codec!(
    /// `GET v2.0/chat/list`, one page.
    pub(super) ListChats: ChatFilter => Chat via chat
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::calls::{self, CallInfo};
    use crate::core::testing::{issues, listed, pairs, req, to_value};
    use serde_json::{json, Value};

    fn decode(info: &CallInfo, status: u16, body: Value) -> Result<Value, Error> {
        let text = body.to_string();
        info.decode(&Response { status, body: &text, retry_after: None }).map(|s| serde_json::from_str(&s).unwrap())
    }

    #[test]
    fn update_v2_sends_only_the_fields_given() {
        let r = req(&calls::UPDATE_CUSTOMER_V2, json!({"customerId": "c1", "name": "Ana", "phone": null, "canCreateTickets": false}));
        assert_eq!(pairs(r.form.as_deref().unwrap()), vec![
            ("customer_id", "c1"),
            ("customer_type_id", "I"),
            ("name", "Ana"),
            ("phone", ""),
            ("create_tickets", "0"),
        ]);
        let r = req(&calls::UPDATE_CUSTOMER_V2, json!({"email": "a@b.example", "newInternalId": "c9", "language": "es_ES", "customFields": {"7": null}}));
        assert_eq!(pairs(r.form.as_deref().unwrap()), vec![
            ("customer_id", "a@b.example"),
            ("customer_type_id", "E"),
            ("internal_id", "c9"),
            ("language", "es_ES"),
            ("custom_field[7]", ""),
        ]);
        assert_eq!(issues(&calls::UPDATE_CUSTOMER_V2, json!({"customerId": "c1", "newInternalId": "c2"})), vec![("newInternalId".into(), IssueCode::NotAllowed)]);
        assert_eq!(issues(&calls::UPDATE_CUSTOMER_V2, json!({"customerId": "c1"})), vec![("".into(), IssueCode::Required)]);
        assert_eq!(
            listed(&issues(&calls::UPDATE_CUSTOMER_V2, json!({"name": " ", "newEmail": "nope", "phone": "1".repeat(21)}))),
            "customerId Required, name Required, newEmail InvalidEmail, phone TooLong",
        );
    }

    #[test]
    fn customer_pages_accept_both_live_spellings() {
        let v = decode(&calls::LIST_CUSTOMERS, 200, json!({"error": false, "size": 2, "pages": 1, "next_page": null, "data": [
            {"id": "h1", "internal_id": "c1", "name": "Ana", "monthly_tickets_quota": null, "allowed_create_tickets": "S", "organization": {"id": 3, "name": "ACME"},
             "custom_fields": [{"field_id": "f", "field_name": "CPF", "value": "1"}], "creation_date": "2026-01-02 03:04:05-0300"},
            {"id": "h2", "monthly_ticket_quota": "5", "organization": {}, "custom_fields": {"x": {"id": "g", "name": "N", "value": 2}}}
        ]}))
        .unwrap();
        assert_eq!(v["items"][0]["monthlyTicketQuota"], "unlimited");
        assert_eq!(v["items"][0]["canCreateTickets"], true);
        assert_eq!(v["items"][0]["organization"], json!({"id": "3", "name": "ACME"}));
        assert_eq!(v["items"][0]["customFields"], json!([{"id": "f", "name": "CPF", "value": "1"}]));
        assert_eq!(v["items"][0]["createdAt"], "2026-01-02T03:04:05-03:00");
        assert_eq!(v["items"][1]["monthlyTicketQuota"], 5);
        assert_eq!(v["items"][1]["organization"], Value::Null);
        assert_eq!(v["items"][1]["customFields"], json!([{"id": "g", "name": "N", "value": 2}]));
        assert_eq!((v["page"].clone(), v["nextPage"].clone(), v["total"].clone()), (json!(1), Value::Null, json!(2)));
    }

    #[test]
    fn blacklist_answers() {
        let ok = |body: Value| decode(&calls::SEARCH_BLACKLIST, 200, body).map(|v| v["blacklisted"].clone());
        assert_eq!(ok(json!({"error": false, "data": {"blacklisted": true}})).unwrap(), true);
        assert_eq!(ok(json!({"error": false, "data": false})).unwrap(), false);
        assert_eq!(ok(json!({"error": false, "data": []})).unwrap(), false);
        assert_eq!(ok(json!({"error": false, "data": [{"email": "x"}]})).unwrap(), true);
        assert_eq!(ok(json!({"error": false})).unwrap_err().kind, ErrorKind::Decode);
        let v = decode(&calls::SEARCH_BLACKLIST, 404, json!({"error": true, "message": "Não encontrado"})).unwrap();
        assert_eq!(v["blacklisted"], false);
        assert_eq!(issues(&calls::SEARCH_BLACKLIST, json!({})), vec![("email".into(), IssueCode::Required)]);
        assert_eq!(issues(&calls::SEARCH_BLACKLIST, json!({"email": "x"})), vec![("email".into(), IssueCode::InvalidEmail)]);
        assert_eq!(req(&calls::SEARCH_BLACKLIST, json!({"email": "a@b.example"})).display(), "GET /v2.0/customer/blacklist/search?email=a%40b.example");
    }

    #[test]
    fn nested_departments_and_their_summary() {
        let field = |id: &str| json!({"id": id, "label": format!("L{id}")});
        let v = decode(&calls::LIST_DEPARTMENTS, 200, json!({"error": false, "size": 2, "data": [
            {"id": "d1", "name": "Suporte", "categories": [
                {"id": "c1", "name": "NF", "custom_fields": [field("f1"), field("f2")]},
                {"id": "c2", "name": "Boleto", "custom_fields": [field("f1")]}
            ], "general_custom_fields": {"tickets": [field("f3")]}, "operators": [{"id": "o1", "name": "Bia"}]},
            {"id": "d2", "name": "Infra", "categories": [], "general_custom_fields": [field("f1")], "operators": [{"id": "o1", "name": "Bia"}, {"id": "o2", "name": "Caio"}]}
        ]}))
        .unwrap();
        assert_eq!(v["departments"][0]["categories"][0]["customFields"], json!([{"id": "f1", "label": "Lf1"}, {"id": "f2", "label": "Lf2"}]));
        assert_eq!(v["departments"][0]["generalCustomFields"], json!([{"id": "f3", "label": "Lf3"}]));
        assert_eq!(v["departments"][1]["generalCustomFields"], json!([{"id": "f1", "label": "Lf1"}]));
        let s = summarize_departments(&v.to_string()).unwrap();
        let s = to_value(&s);
        assert_eq!(s["customFields"], json!([
            {"id": "f3", "label": "Lf3", "usedIn": ["d1"]},
            {"id": "f1", "label": "Lf1", "usedIn": ["d1/c1", "d1/c2", "d2"]},
            {"id": "f2", "label": "Lf2", "usedIn": ["d1/c1"]}
        ]));
        assert_eq!(s["operators"], json!([
            {"id": "o1", "name": "Bia", "departmentIds": ["d1", "d2"]},
            {"id": "o2", "name": "Caio", "departmentIds": ["d2"]}
        ]));
        assert_eq!(summarize_departments("[]").unwrap_err().kind, ErrorKind::Validation);
        assert_eq!(req(&calls::LIST_DEPARTMENTS, json!({"includeNested": true})).display(), "GET /v2.0/department/list?show_nested_items=1");
    }

    #[test]
    fn operators_need_a_premium_plan() {
        let e = decode(&calls::LIST_DEPARTMENT_OPERATORS, 403, json!({"error": true, "message": "Recurso disponível apenas nos planos Premium e Enterprise"})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden);
        assert!(e.message.contains("Premium or Enterprise"), "{}", e.message);
        let v = decode(&calls::LIST_DEPARTMENT_OPERATORS, 200, json!({"error": false, "size": 1, "data": [{"id": "o", "name": "Bia", "mail_hash": "h"}]})).unwrap();
        assert_eq!(v, json!({"operators": [{"id": "o", "name": "Bia", "mailHash": "h"}]}));
        assert_eq!(issues(&calls::LIST_DEPARTMENT_OPERATORS, json!({"departmentId": ""})), vec![("departmentId".into(), IssueCode::Required)]);
        let r = req(&calls::LIST_DEPARTMENT_CUSTOM_FIELDS, json!({"departmentId": 4, "categoryId": "c"}));
        assert_eq!(r.display(), "GET /v2.0/custom_field/department/list?department_id=4&category_id=c");
    }

    #[test]
    fn chats() {
        let r = req(&calls::LIST_CHATS, json!({"customerId": "c1", "organizationId": 5, "createdTo": "2026-03-01", "protocol": 9}));
        assert_eq!(pairs(&r.query), vec![
            ("customer_id", "c1"),
            ("customer_type_id", "I"),
            ("organization_id", "5"),
            ("creation_date_le", "2026-03-01 23:59:59-0300"),
            ("min_protocol", "9"),
            ("max_protocol", "9"),
        ]);
        let v = decode(&calls::LIST_CHATS, 200, json!({"error": false, "pages": 2, "next_page": 2, "data": [
            {"id": "x", "protocol": 9, "situation": {"id": 2, "description": "Em atendimento"}, "customer": {"email": "a@b"}, "department": {"id": 1, "name": "S"}, "operator": null, "creation_date": "2026-01-01 10:00:00-0300"}
        ]}))
        .unwrap();
        assert_eq!(v["items"][0]["situation"], "Em atendimento");
        assert_eq!(v["items"][0]["operator"], Value::Null);
        assert_eq!(v["nextPage"], 2);
        assert_eq!(issues(&calls::LIST_CHATS, json!({"protocol": 1, "minProtocol": 1})), vec![("protocol".into(), IssueCode::NotAllowed)]);
        assert_eq!(issues(&calls::LIST_CUSTOMERS, json!({"page": 1})), vec![("page".into(), IssueCode::UnknownField)]);
    }
}
