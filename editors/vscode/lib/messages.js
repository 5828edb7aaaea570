'use strict';
// User-facing messages of the extension, in French and English.
// The language is taken from `vscode.env.language` (e.g. `fr`, `fr-ca`, `en`).

const MESSAGES = {
  en: {
    notFound: (configured) =>
      `Clause: the language server could not be started because the \`clause\` executable was not found ` +
      `(setting clause.server.path = "${configured}"). Install it on your PATH ` +
      `(for example \`cargo install --path cli\` from the Clause repository) or set ` +
      `clause.server.path to its full path. Syntax highlighting still works without it.`,
    startFailed: (command, error) =>
      `Clause: the language server \`${command} lsp\` failed to start: ${error}`,
    openSettings: 'Open Settings',
    showOutput: 'Show Output',
    restarted: 'Clause: language server restarted.',
  },
  fr: {
    notFound: (configured) =>
      `Clause : impossible de démarrer le serveur de langage, l'exécutable \`clause\` est introuvable ` +
      `(paramètre clause.server.path = « ${configured} »). Installez-le dans le PATH ` +
      `(par exemple \`cargo install --path cli\` depuis le dépôt Clause) ou indiquez son chemin complet ` +
      `dans le paramètre clause.server.path. La coloration syntaxique fonctionne sans lui.`,
    startFailed: (command, error) =>
      `Clause : le serveur de langage \`${command} lsp\` n'a pas pu démarrer : ${error}`,
    openSettings: 'Ouvrir les paramètres',
    showOutput: 'Afficher la sortie',
    restarted: 'Clause : serveur de langage redémarré.',
  },
};

/** @param {string | undefined} language a VS Code display language such as `fr` or `en-us` */
function messages(language) {
  return (language || '').toLowerCase().startsWith('fr') ? MESSAGES.fr : MESSAGES.en;
}

module.exports = { messages, MESSAGES };
