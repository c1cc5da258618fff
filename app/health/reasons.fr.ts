/** French sentences for the health reasons, as the staff console shows them. */
import type { ReasonMessages } from './reason-codes.ts';

function go(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1).replace('.', ',')} Go`;
}

function pct(n: number): string {
  return `${String(n).replace('.', ',')} %`;
}

export const reasonsFr: ReasonMessages = {
  smart_failed: (p) =>
    p.source === 'status'
      ? 'Le disque déclare que son autotest de santé SMART a ÉCHOUÉ.'
      : 'smartctl signale un disque défaillant (bit 3 du code de sortie).',
  smart_unavailable: (p) =>
    p.exitStatus === null
      ? "Les données de santé du disque n'ont pas pu être lues."
      : `Les données de santé du disque n'ont pas pu être lues (code de sortie smartctl ${p.exitStatus}).`,
  smart_file_invalid: (p) => `Le fichier de santé du disque ${p.file} n'est pas un JSON smartctl valide.`,
  no_smart_data: () => "Aucune donnée de santé des disques : la tâche SMART n'est pas installée ou n'a pas encore tourné.",
  attribute_failing_now: (p) => `L'attribut SMART ${p.id} (${p.name}) est actuellement sous son seuil de défaillance.`,
  self_test_failed: () => 'Un autotest du disque a échoué.',
  reallocated_sectors: (p) => `${p.value} secteurs défectueux ont été réalloués.`,
  reported_uncorrectable: (p) => `${p.value} erreurs de lecture n'ont pas pu être corrigées.`,
  pending_sectors: (p) => `${p.value} secteurs sont illisibles et en attente de réallocation.`,
  offline_uncorrectable: (p) => `${p.value} secteurs se sont révélés irrécupérables lors de l'analyse hors ligne.`,
  counter_growing: (p) =>
    `L'attribut SMART ${p.id} (${p.name}) est passé de ${p.previous} à ${p.value} depuis le dernier rapport.`,
  check_cable: (p) =>
    `L'attribut SMART ${p.id} (${p.name}) vaut ${p.value} : vérifier le câble, le port ou l'adaptateur USB ; le disque lui-même est peut-être sain.`,
  nvme_critical_warning: (p) => `Le disque NVMe émet un avertissement critique (code ${p.value}).`,
  nvme_media_errors: (p) => `Le disque NVMe a enregistré ${p.value} erreurs de support.`,
  nvme_spare_low: (p) =>
    `Les blocs de réserve du disque NVMe sont à ${pct(p.spare)}, sous son seuil de ${pct(p.threshold)}.`,
  nvme_worn: (p) => `Le disque NVMe a consommé ${pct(p.percentageUsed)} de son endurance prévue.`,
  battery_worn: (p) => `La batterie ne contient plus que ${pct(p.healthPercent)} de sa capacité d'origine.`,
  battery_capacity_unknown: () => "La batterie n'indique pas sa capacité.",
  disk_nearly_full: (p) => `${p.mount} est presque plein : ${go(p.freeBytes)} libres (${pct(p.freePercent)}).`,
  filesystem_unknown: (p) => `La taille de ${p.mount} n'a pas pu être lue.`,
};
