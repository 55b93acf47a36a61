//! The sample `GET /chamado` response of the benchmarks, the fuzz seeds and the tests: std and
//! serde_json only, so that unit tests (`#[path]` from `src/core/ticket.rs`), integration tests
//! and the fuzz crate can all include it. Not part of the library.
//!
//! Include it with `#[path = ".../tests/support/sample_ticket.rs"] mod sample_ticket;`.
#![allow(dead_code)] // each includer uses what it needs

use serde_json::{json, Map, Value};

/// A realistic `GET /chamado` response body with `history_len` history entries (each with one or
/// two attachments), stopwatch and escalated tickets included.
///
/// `live_shape: false` is the documented shape (flat beside `erro`, `YYYY-MM-DD HH:MM:SS` dates,
/// codes as documented). `live_shape: true` has the live API's deviations: ticket under `data`,
/// envelope `message`, `dd/mm/yyyy HH:MM` dates, `protocolo`/`ultimasituacao` as numbers,
/// `tipochamado: "Externo"`, money as `"150,50"`, numbers as strings, `""` for nulls, `mimetype`
/// on attachments. Ticket id: `8f14e45fceea167a5a36dedd4bea2543`.
pub fn sample_ticket_json(history_len: usize, live_shape: bool) -> String {
    let live = live_shape;
    let id = SAMPLE_TICKET_ID;
    // Minutes after 2023-11-02 00:00 → a date in November 2023 (wrapping inside the month).
    let date = |minutes: usize| -> String {
        let day = 2 + (minutes / 1440) % 27;
        let h = (minutes / 60) % 24;
        let m = minutes % 60;
        if live {
            format!("{day:02}/11/2023 {h:02}:{m:02}")
        } else {
            format!("2023-11-{day:02} {h:02}:{m:02}:00")
        }
    };
    let null_text = || if live { json!("") } else { Value::Null };
    let money = |v: f64| if live { json!(format!("{v:.2}").replace('.', ",")) } else { json!(v) };
    let int = |n: u64| if live { json!(n.to_string()) } else { json!(n) };
    let att = |name: &str, size: u64, mime: &str| {
        let mut a = json!({
            "nome": name,
            "url": format!("https://anexos.tomticket.example/{id}/{name}"),
            "tamanhobytes": size,
        });
        if live {
            if let Some(m) = a.as_object_mut() {
                m.insert("mimetype".into(), json!(mime));
            }
        }
        a
    };
    let start = 20 * 60 + 17;
    let history: Vec<Value> = (0..history_len)
        .map(|i| {
            let agent = i % 2 == 0;
            let at = start + 10 + i * 7;
            let mut files = vec![att(&format!("anexo-{i}.png"), 1000 + i as u64 * 37, "image/png")];
            if i % 3 == 0 {
                files.push(att(&format!("log-{i}.txt"), 512 + i as u64, "text/plain"));
            }
            json!({
                "id": format!("{:032x}", 0xa000_0000_u64 + i as u64),
                "origem": if agent { "A" } else { "C" },
                "mensagem": format!("<p>Resposta nº {i}: {}</p>", if agent { "estamos analisando o erro da NF-e." } else { "segue o arquivo solicitado 🙏" }),
                "atendente": if agent { json!("Carlos Andrade") } else { null_text() },
                "data_hora": date(at),
                "hora_inicio": if agent { json!(date(at - 5)) } else { null_text() },
                "hora_fim": if agent { json!(date(at)) } else { null_text() },
                "anexos": files,
            })
        })
        .collect();
    let ticket = json!({
        "idchamado": id,
        "protocolo": if live { json!(4821) } else { json!("4821") },
        "titulo": "Erro ao emitir nota fiscal — módulo financeiro",
        "mensagem": "<p>Olá, ao emitir a NF-e o sistema retorna <b>erro 500</b>. Poderiam verificar? 🙏</p>",
        "nomecliente": "Maria Silva",
        "email_cliente": "maria.silva@acme.com.br",
        "id_cliente": "cli-001",
        "nomeorganizacao": "ACME Brasil Ltda",
        "prioridade": 3,
        "tipochamado": if live { "Externo" } else { "E" },
        "tempotrabalho": int(9000),
        "tempoabertura": int(247_460),
        "data_criacao": date(start),
        "deadline": date(start + 2 * 1440),
        "valoritemhora": money(150.5),
        "valoritemhoraextra": money(225.75),
        "valorfinal": money(376.25),
        "valorfinalextra": money(112.88),
        "valorfinalbruto": money(489.13),
        "avaliadoproblemaresolvido": if live { "1" } else { "S" },
        "avaliadoatendimento": "O",
        "avaliacaocomentario": "Atendimento rápido e eficiente!",
        "dataprimeiraresposta": date(start + 14),
        "dataencerramento": date(start + 1200),
        "ultimasituacao": if live { json!(5) } else { json!("5") },
        "dataultimasituacao": date(start + 1200),
        "sla_inicializacao_cumprido": true,
        "sla_deadline_cumprido": null_text(),
        "descsituacao": "Finalizada",
        "categoria": "Financeiro",
        "departamento": "Suporte Técnico",
        "atendente": "Carlos Andrade",
        "status": "Resolvido",
        "dataultimostatus": date(start + 1190),
    });
    let lists = json!({
        "anexos": [att("print-erro.png", 48_213, "image/png"), att("log nf-e.txt", 1024, "text/plain")],
        "historico": history,
        "campospersonalizados": [
            {"id": "e1f2a3b4c5d6e7f8091a2b3c4d5e6f71", "label": "Número da NF-e", "value": "000123456"},
            {"id": "e1f2a3b4c5d6e7f8091a2b3c4d5e6f72", "label": "Ambiente", "value": "Produção"},
        ],
        "campospersonalizados_finalizados": [
            {"label": "Causa raiz", "value": "Certificado digital expirado"},
        ],
        "historico_status": [
            {"id": "5a0000000000000000000000000000s1", "status": "Em análise", "comentario": "Verificando logs",
             "atendente_inicio": "Carlos Andrade", "atendente_fim": "Carlos Andrade",
             "inicio": date(start + 14), "fim": date(start + 780)},
            {"id": "5a0000000000000000000000000000s2", "status": "Resolvido", "comentario": null_text(),
             "atendente_inicio": "Beatriz Lima", "atendente_fim": null_text(),
             "inicio": date(start + 1190), "fim": null_text()},
        ],
        "stopwatch": [
            {"id": "7c0000000000000000000000000000w1", "start": date(start + 730), "end": date(start + 775),
             "created_manually": false, "operator": "Carlos Andrade"},
            {"id": "7c0000000000000000000000000000w2", "start": date(start + 1000), "end": null_text(),
             "created_manually": true, "operator": "Beatriz Lima"},
        ],
        "staggered_tickets": [
            {"protocolo": if live { json!(4823) } else { json!("4823") }, "idchamado": "c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9",
             "titulo": "[Escalonado] Renovar certificado digital do emissor"},
        ],
        "parent_ticket_id": null_text(),
    });
    let mut ticket = ticket;
    if let (Some(t), Value::Object(more)) = (ticket.as_object_mut(), lists) {
        t.extend(more);
    }
    let body = if live {
        json!({"erro": false, "message": "Chamado encontrado", "data": ticket})
    } else {
        let mut top = Map::new();
        top.insert("erro".into(), json!(false));
        if let Value::Object(fields) = ticket {
            top.extend(fields);
        }
        Value::Object(top)
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// The id of the ticket in [`sample_ticket_json`].
pub const SAMPLE_TICKET_ID: &str = "8f14e45fceea167a5a36dedd4bea2543";
