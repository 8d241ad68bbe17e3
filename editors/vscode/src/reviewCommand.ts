// Registers "Gloss: Review" (gloss.review) and the `gloss-review:` virtual
// document that shows the current card.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REVIEW_COMMAND, REVIEW_DOCUMENT, REVIEW_SCHEME, ReviewUi, runReview } from './review';

class CardDocument implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  text = '';
  provideTextDocumentContent(): string {
    return this.text;
  }
  set(uri: vscode.Uri, text: string): void {
    this.text = text;
    this.changed.fire(uri);
  }
}

export function registerReview(
  context: vscode.ExtensionContext,
  getClient: () => Promise<LanguageClient | undefined>,
): void {
  const doc = new CardDocument();
  const uri = vscode.Uri.parse(REVIEW_DOCUMENT);
  let running = false;
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, doc),
    vscode.commands.registerCommand(REVIEW_COMMAND, async (filter?: { kind?: string; part?: string }) => {
      if (running) return 0;
      const lc = await getClient();
      if (!lc) {
        void vscode.window.showErrorMessage('Gloss: the language server is not running.');
        return 0;
      }
      running = true;
      let shown = false;
      const ui: ReviewUi = {
        request: (method, params) => lc.sendRequest(method, params),
        async showCard(markdown) {
          doc.set(uri, markdown);
          if (!shown) {
            const d = await vscode.workspace.openTextDocument(uri);
            await vscode.window.showTextDocument(d, { preview: true, preserveFocus: true });
            shown = true;
          }
        },
        async pick(items, title, placeHolder) {
          return vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
        },
        info: (m) => void vscode.window.showInformationMessage(m),
        error: (m) => void vscode.window.showErrorMessage(m),
      };
      try {
        return await runReview(ui, filter && typeof filter === 'object' ? filter : undefined);
      } finally {
        running = false;
      }
    }),
  );
}
