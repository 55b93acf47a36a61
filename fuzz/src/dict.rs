//! Dictionaries: every wire key the decoders read, every JS property the input parsers read,
//! and strings that have broken parsers before. Used by the structured inputs, the seeds and
//! the libFuzzer dictionary (`fuzz/corpus/fuzz.dict`, written by [`libfuzzer_dict`]).

/// Wire keys of every response family, so that mutations hit fields the decoders read.
pub const WIRE_KEYS: &[&str] = &[
    "erro", "error", "success", "message", "mensagem", "data", "idchamado", "protocolo", "titulo", "nomecliente",
    "email_cliente", "id_cliente", "nomeorganizacao", "prioridade", "tipochamado", "tempotrabalho", "tempoabertura",
    "data_criacao", "deadline", "dataprimeiraresposta", "dataencerramento", "dataultimasituacao", "dataultimostatus",
    "valoritemhora", "valoritemhoraextra", "valorfinal", "valorfinalextra", "valorfinalbruto",
    "avaliadoproblemaresolvido", "avaliadoatendimento", "avaliacaocomentario", "ultimasituacao", "descsituacao",
    "sla_inicializacao_cumprido", "sla_deadline_cumprido", "categoria", "departamento", "atendente", "status",
    "parent_ticket_id", "anexos", "nome", "url", "tamanhobytes", "mimetype", "mime_type", "historico", "id", "origem",
    "data_hora", "hora_inicio", "hora_fim", "campospersonalizados", "campospersonalizados_finalizados", "label",
    "value", "historico_status", "comentario", "atendente_inicio", "atendente_fim", "inicio", "fim", "stopwatch",
    "start", "end", "created_manually", "operator", "staggered_tickets", "name", "email", "phone", "internal_id",
    "monthly_ticket_quota", "active", "organization", "organization_mother", "permissions", "email_validated",
    "allowed_create_tickets", "custom_fields", "customer", "talk", "external_id", "document_number", "created_at",
    "main_sms", "main_whatsapp", "main_email", "agent_id", "queue_id", "customer_group_id", "is_priority",
    "last_base_api", "customer_organization_id", "profile_info", "telephones", "emails", "area_code", "number",
    "type", "level_id", "has_sms", "has_whatsapp", "insert_origin", "inserted_by", "country_code", "country_iso2",
    "full_number", "full_number_cc", "customer_id", "unsubscribed_at", "wildcard_01", "profile_picture_url",
];

/// JS property names of every input object.
pub const JS_KEYS: &[&str] = &[
    "customerId", "email", "name", "phone", "canCreateTickets", "organizationId", "language", "portfolioId",
    "customFields", "identifier", "identifierType", "internalId", "ticketId", "includeStopwatch",
    "includeEscalatedTickets", "token", "baseUrl", "timeoutMs", "retry", "maxRetries", "baseDelayMs", "maxDelayMs",
    "requestsPerSecond", "dangerouslyAllowTokenInBrowser", "fetch", "preferredPhone", "phoneOverflow", "nmae",
    "customerIdPrefix", "preferExternalId", "customFieldIds", "payload", "options",
];

/// Strings that have broken parsers before: limits, encodings, separators, dates, codes.
pub const NASTY: &[&str] = &[
    "", " ", "\u{0}", "\r\n", "\t", "/", "..", "../", "%", "%2F", "%zz", "?", "#", "&", "=", "[", "]", "a]b", "[]",
    "\\", "\"", "'", "<html>", "é", "e\u{301}", "😀", "🇧🇷", "\u{200d}", "\u{feff}", "\u{fffd}", "\u{202e}",
    "S", "N", "s", "n", "1", "0", "-1", "true", "false", "sim", "não", "Externo", "Interno", "E", "I", "A", "C",
    "O", "B", "M", "R", "P", "I", "x", "null", "NaN", "Infinity", "-0", "1e309", "9007199254740993",
    "-9223372036854775809", "18446744073709551616", "12,50", "1.234,56", "1,234.56", "R$ 10,00", ",", ".", "1,2,3",
    "02/11/2023 20:17", "2023-11-02 20:17:45", "2024-01-05 10:20:30-0300", "2024-01-05T10:20:30.123456789Z",
    "0000-00-00 00:00:00", "00/00/0000", "2023-02-29", "31/02/2023 10:00", "1698966000", "99999999999",
    "2023-01-01 10:00:00+99", "2023-01-01 10:00:00.", "24:00", "23:59:60", "12:34", "99:99", "1:2:3:4",
    "123:45:67", "pt-BR", "pt_BR", "en-US", "en_US", "es-ES", "es_ES", "pt", "email", "internalId", "I", "E",
    "maria.silva@acme.com.br", "a@b", "a@@b.com", "Ana+Suporte@Exemplo.com.br", "x@[127.0.0.1]",
    "http://127.0.0.1:1", "https://api.tomticket.com/", "https://u:p@h", "http://evil.com", "test-token",
    // the token of the scrub check (`checks::TOKEN`), as is and in the encodings a server may echo
    "Zq9-tok3n", "Zq9%2Dtok3n", "%5Aq9-tok3n", "Zq9\\u002dtok3n", "Zq9-", "s3cr3t/tok?en#%",
];

/// The spellings of `language` the inputs accept.
pub const LANGUAGES: &[&str] = &["pt-BR", "pt_BR", "en-US", "en_US", "es-ES", "es_ES"];

/// The spellings of `identifierType`.
pub const ID_TYPES: &[&str] = &["email", "internalId"];

/// Valid-looking e-mails (the encoders' happy paths).
pub const EMAILS: &[&str] =
    &["maria.silva@acme.com.br", "a@b.co", "Ana+Suporte@Exemplo.com.br", "x@[127.0.0.1]", "joão@exemplo.com"];

/// Base URLs for client options.
pub const BASE_URLS: &[&str] = &[
    "https://api.tomticket.com",
    "https://api.tomticket.com/",
    "http://127.0.0.1:8080",
    "http://localhost:3000/api",
    "https://my-worker.example/api/",
    "http://api.tomticket.com",
    "https://u:p@h",
    "ftp://x",
    "https://",
    "https://a b",
    "https://x/?q#f",
];

/// Lengths around the limits (20, 64, 250, 512 characters).
pub const LIMITS: &[usize] = &[0, 1, 19, 20, 21, 63, 64, 65, 249, 250, 251, 511, 512, 513];

/// Characters of 1 to 4 UTF-8 bytes and 1 or 2 UTF-16 units, a combining sequence and NUL.
pub const UNITS: &[&str] = &["a", "é", "😀", "e\u{301}", "\u{0}", " ", "\n"];

/// The libFuzzer dictionary: JSON syntax, every key (quoted, as it appears in JSON) and the
/// nasty strings.
pub fn libfuzzer_dict() -> String {
    let mut out = String::from("# generated by tomticket_wasm_fuzz::dict::libfuzzer_dict\n");
    let mut push = |word: &str| {
        if word.is_empty() {
            return;
        }
        out.push('"');
        for b in word.bytes() {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(b as char);
                }
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\x{b:02X}")),
            }
        }
        out.push_str("\"\n");
    };
    for w in ["{", "}", "[", "]", ",", ":", "\"\"", "null", "true", "false", "\\u0000", "\\ud800", "1e999", "-0"] {
        push(w);
    }
    for k in WIRE_KEYS.iter().chain(JS_KEYS) {
        push(&format!("\"{k}\":"));
    }
    for s in NASTY.iter().chain(EMAILS).chain(BASE_URLS) {
        push(s);
    }
    out
}
