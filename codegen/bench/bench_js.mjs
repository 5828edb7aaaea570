// Evaluates every JSON case of a file with the generated module; prints the sum, in cents, of
// every yearly total (the checksum the other engines print).
import { readFileSync } from "node:fs";
const [modulePath, casesPath] = process.argv.slice(2);
const { evaluate } = await import(modulePath);
let total = 0n;
for (const line of readFileSync(casesPath, "utf8").split("\n")) {
  if (!line) continue;
  for (const year of evaluate(JSON.parse(line)).totaux_par_annee) {
    if (year.annee >= 1) total += BigInt(year.montant.replace(".", ""));
  }
}
console.log(total.toString());
