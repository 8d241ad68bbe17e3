//! `$/progress` work-done reporting (only when the client supports it).

use tower_lsp::lsp_types::notification::Progress as ProgressNotification;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};
use tower_lsp::Client;

pub struct Progress {
    client: Client,
    token: Option<NumberOrString>,
}

impl Progress {
    /// Creates a progress token and sends `begin`; a no-op reporter when
    /// the client does not support work-done progress or refuses the token.
    pub async fn begin(
        client: &Client,
        enabled: bool,
        title: &str,
        message: Option<String>,
    ) -> Progress {
        let mut p = Progress {
            client: client.clone(),
            token: None,
        };
        if !enabled {
            return p;
        }
        let token = NumberOrString::String(format!(
            "gloss/index/{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let created = client
            .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await;
        if let Err(e) = created {
            tracing::debug!("client refused a progress token: {e}");
            return p;
        }
        p.token = Some(token);
        p.send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: title.to_string(),
            cancellable: Some(false),
            message,
            percentage: Some(0),
        }))
        .await;
        p
    }

    async fn send(&self, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<ProgressNotification>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }

    pub async fn report(&self, message: String, percentage: u32) {
        self.send(WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(percentage.min(100)),
        }))
        .await;
    }

    pub async fn end(self, message: Option<String>) {
        self.send(WorkDoneProgress::End(WorkDoneProgressEnd { message }))
            .await;
    }
}
