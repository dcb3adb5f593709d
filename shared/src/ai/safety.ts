import type { Verdict } from './types';

/**
 * The local rule set: always on, before any remote moderation (PRODUCT.md §4), so a prompt is judged
 * even offline. It is a blunt list, tuned to miss rather than to flag ordinary briefs: the remote
 * moderator (OpenAI's, where configured) judges the subtle cases. Categories use OpenAI's names so a
 * Verdict reads the same whichever moderator produced it.
 */

/** Plain words per category, most severe first (the order `plainReason` reports them in). */
const REASONS: ReadonlyArray<readonly [string, string]> = [
  ['sexual/minors', 'It describes sexual content involving minors, which is never allowed.'],
  ['illicit/violent', 'It asks how to make weapons that can cause mass harm.'],
  [
    'self-harm/instructions',
    'It asks for ways to hurt yourself. If you are struggling, please talk to someone you trust or a local helpline.',
  ],
  [
    'self-harm/intent',
    'It talks about wanting to hurt yourself. If you are struggling, please talk to someone you trust or a local helpline.',
  ],
  ['self-harm', 'It shows or encourages self-harm.'],
  ['hate/threatening', 'It threatens violence against a group of people.'],
  ['hate', 'It contains hateful language or slurs.'],
  ['harassment/threatening', 'It threatens or harasses someone.'],
  ['harassment', 'It harasses or insults someone.'],
  ['violence/graphic', 'It asks for graphic violence or gore.'],
  ['violence', 'It describes violence against people.'],
  ['sexual', 'It asks for explicit sexual content or nudity.'],
  ['illicit', 'It asks for help with something illegal.'],
];

/** One sentence per flagged category (most severe first); null when none. */
export function plainReason(categories: readonly string[]): string | null {
  if (categories.length === 0) return null;
  const known = REASONS.filter(([c]) => categories.includes(c)).map(([, r]) => r);
  // A category a remote moderator adds later still yields words, if generic ones.
  const sentences = known.length > 0 ? known.slice(0, 2) : ['It breaks the content rules.'];
  return `This can't be made. ${sentences.join(' ')}`;
}

/** The verdict for a list of flagged categories (most severe first). */
export function verdictOf(categories: readonly string[]): Verdict {
  const order = REASONS.map(([c]) => c);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  const sorted = [...new Set(categories)].sort((a, b) => rank(a) - rank(b));
  return { flagged: sorted.length > 0, categories: sorted, reason: plainReason(sorted) };
}

// --- Normalisation: undo the usual tricks before matching words ---

const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
};
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
};

const unleet = (s: string) =>
  s.replace(/\S+/g, (token) =>
    /[a-z]/.test(token) ? token.replace(/[0134578@$!|+]/g, (c) => LEET[c] ?? c) : token,
  );
// Three or more single letters in a row, separated by spaces or punctuation: one word.
const joinSpaced = (s: string) =>
  s.replace(/\b[a-z](?:[\s.\-_*,:;~]+[a-z]\b){2,}/g, (m) => m.replace(/[^a-z]/g, ''));

/**
 * The readings of a text the rules are matched against: lowercase, without diacritics, zero-width
 * characters or Cyrillic look-alikes, letters spaced out ("n u d e", "n.u.d.e") joined; then also with
 * leetspeak undone in words holding a letter ("p0rn", "$ex"; kept apart because "5-year-old" must
 * stay a number) and with stretched letters squeezed ("nuuude").
 */
export function readings(text: string): string[] {
  const plain = joinSpaced(
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
      .toLowerCase()
      .replace(/[а-яіјѕԁɡ]/g, (c) => HOMOGLYPHS[c] ?? c),
  );
  const leet = joinSpaced(unleet(plain));
  const squeeze = (s: string) => s.replace(/([a-z])\1{2,}/g, '$1');
  return [...new Set([plain, leet, squeeze(plain), squeeze(leet)])];
}

// --- The rules ---

interface Rule {
  category: string;
  /** Any of these matches. */
  any?: RegExp[];
  /** All of these groups match (each group: any of its patterns), e.g. a minor AND a sexual term. */
  all?: RegExp[][];
}

const w = (alternatives: string) => new RegExp(`\\b(?:${alternatives})\\b`);

const MINOR = [
  w(
    'child|children|childs?|kids?|kiddies?|minors?|underage|under-age|preteens?|pre-teens?|teens?|teenagers?|toddlers?|infants?|bab(?:y|ies)|schoolgirls?|schoolboys?|little (?:girl|boy)s?|young (?:girl|boy)s?|loli|shota|juvenile',
  ),
  // The app's other languages (es, fr, de), read without accents.
  w(
    'ninos?|ninas?|menor(?:es)? de edad|colegialas?|enfants?|fillettes?|mineure?s?|ecolieres?|kinder|kind|minderjahrige?n?|schulmadchen',
  ),
  /\b(?:[1-9]|1[0-7])[\s-]*(?:yo|y\/o|y\.o\.?|years?[\s-]*old|yrs?[\s-]*old)\b/,
];
// Health education ("sex education for teens", "sexual health") is not a sexual context.
const SEXUAL_CONTEXT = [
  w(
    'sex(?! ed\\b| education)|sexy|sexual(?:ly|i[sz]ed)?(?! health| education)|nude|nudes|nudity|naked|undressed|undressing|topless|bottomless|lingerie|erotica?|erotic|seductive|sensual|porn\\w*|xxx|nsfw|hentai|fetish\\w*|aroused',
  ),
  w('desnud[oa]s?|sexuales|eroticas?|nue?s?|sexuel(?:le)?s?|nackte?n?|sexuell\\w*|erotische?n?'),
];

const RULES: Rule[] = [
  {
    category: 'sexual/minors',
    any: [
      w(
        'child porn\\w*|kiddie porn\\w*|cp porn|pedo\\w*|paedo\\w*|pedophil\\w*|paedophil\\w*|lolicon|shotacon|jailbait',
      ),
    ],
    all: [MINOR, SEXUAL_CONTEXT],
  },
  {
    category: 'sexual',
    any: [
      w(
        'porn|porno|pornographic|pornography|xxx|hentai|nsfw|nude|nudes|nudity|naked|topless|bottomless|genitals?|genitalia|penis|penises|vagina|vaginas|vulva|clitoris|erect penis|boobs|tits|titties|nipples?|areolae?|blowjobs?|handjobs?|cumshots?|creampie|orgasms?|orgasmic|masturbat\\w*|intercourse|bdsm|bondage|gangbang|threesome|deepthroat|ejaculat\\w*|onlyfans',
      ),
      w(
        '(?:having|have|had) sex|sex (?:scene|act|acts|position|positions|tape|toy|toys)|sexual (?:act|acts|intercourse|position)',
      ),
      w('explicit (?:sex|sexual|nudity|content)|strip(?:ping)? naked|without (?:any )?clothes|no clothes on'),
      w('desnud[oa]s?|sin ropa|femme nue|homme nu|nue integrale|tout nue?|nackte?n?|ohne kleidung'),
    ],
  },
  {
    category: 'violence/graphic',
    any: [
      w(
        'gore|gory|goreporn|dismember\\w*|decapitat\\w*|behead\\w*|mutilat\\w*|disembowel\\w*|eviscerat\\w*|snuff film|snuff video|flayed|skinned alive',
      ),
      w(
        'severed (?:head|heads|limb|limbs|arm|arms|leg|legs|hand|hands|finger|fingers)|(?:spilling|exposed|ripped out) (?:guts|intestines|organs|entrails|brains?)|(?:guts|intestines|entrails|brains?) (?:spilling|hanging) out|pool of blood|blood splatter\\w*|torture (?:victim|scene|porn)|tortured (?:body|victim|prisoner)|mangled (?:body|corpse)',
      ),
    ],
  },
  {
    category: 'self-harm/instructions',
    any: [
      w(
        'como (?:suicidarse|suicidarme|matarme|ahorcarme|cortarme las venas)|comment (?:se|me) (?:suicider|tuer|pendre)|wie (?:kann ich mich|bringe ich mich|bringt man sich) (?:umbringen|toten|erhangen)|(?:suizid|selbstmord)[\\s-]?anleitung|how (?:to|do i|can i|could i) (?:kill|hang|cut|hurt|harm|poison|starve) (?:my ?self|your ?self|oneself)|how to (?:commit suicide|self harm|self-harm|selfharm)|suicide (?:method|methods|instructions|guide|tutorial)|ways to (?:die|commit suicide|kill (?:my|your) ?self)|(?:self harm|self-harm|selfharm) (?:tips|methods|guide|tutorial)|pro-?ana|thinspo\\w*',
      ),
    ],
  },
  {
    category: 'self-harm/intent',
    any: [
      w(
        'i (?:want|wanna|am going|m going|plan) to (?:kill|hurt|cut) my ?self|i want to die|(?:kill|killing) my ?self|end my (?:own )?life|slit(?:ting)? (?:my|your) wrists?|cut(?:ting)? my (?:wrists?|arms?)',
      ),
    ],
  },
  {
    category: 'hate',
    any: [
      w(
        'nigg(?:er|ers|a|as|ah|az)|faggots?|fags|trann(?:y|ies)|kikes?|spics?|chinks?|wetbacks?|ragheads?|gooks?|sand ?niggers?|towelheads?|shitskins?|untermensch',
      ),
      w(
        'white power|heil hitler|sieg heil|white genocide|race traitors?|14 ?88|subhuman (?:jews|blacks|muslims|immigrants)',
      ),
    ],
  },
  {
    category: 'hate/threatening',
    any: [
      w(
        '(?:kill|exterminate|gas|lynch|shoot|hang|deport and kill) (?:all |the )*(?:jews|muslims|blacks|black people|gays|gay people|immigrants|christians|arabs|asians|mexicans|trans people|women)',
      ),
    ],
  },
  {
    category: 'illicit/violent',
    any: [
      w(
        '(?:how (?:to|do i|can i) |instructions (?:to|for) |recipe for |guide to |steps to )?(?:make|build|making|building|assemble|assembling|synthesi[sz]e|synthesi[sz]ing|produce|producing|cook|cooking|weaponi[sz]e|weaponi[sz]ing) (?:an? |the |some |your own )?(?:pipe ?bombs?|bombs?|explosives?|ieds?|nerve (?:agent|gas)|sarin|tabun|soman|vx gas|vx nerve agent|novichok|ricin|anthrax|botulinum toxin|bioweapons?|biological weapons?|chemical weapons?|dirty bombs?|nuclear (?:bomb|weapon)s?|napalm|mustard gas|chlorine gas|thermite bomb)',
      ),
      w(
        '(?:pipe ?bomb|bomb|explosive|ied|sarin|ricin|nerve agent|bioweapon|chemical weapon|dirty bomb|napalm|mustard gas) (?:recipe|instructions|tutorial|blueprint|blueprints|schematics?|formula|synthesis|step by step)',
      ),
      // es, fr, de: making a bomb or explosives, in either word order.
      w(
        '(?:fabricar|construir|hacer|armar|fabriquer|construire|faire|assembler) (?:una |un |unas |unos |une |des |du |de la )?(?:bombas?|explosivos?|artefactos? explosivos?|bombes?|explosifs?|engins? explosifs?)',
      ),
      w(
        '(?:bomba|bombas|explosivos?|bombe|bombes|explosifs?) (?:caseras?|artisanales?)|(?:bau|bauen|herstellen|herstellung|basteln)(?: (?:einer|eine|einen|von|der))? (?:bombe|bomben|sprengstoff|sprengsatz|sprengsatze|rohrbomben?)|(?:bombe|bomben|sprengstoff|sprengsatz|rohrbombe) (?:bauen|herstellen|basteln|anleitung)',
      ),
    ],
  },
];

// Each pattern may match in any reading: "5-year-old" reads in the plain one, "s3xy" in the unleeted.
const hit = (forms: string[], re: RegExp) => forms.some((f) => re.test(f));
const matches = (forms: string[], rule: Rule): boolean =>
  (rule.any ?? []).some((re) => hit(forms, re)) ||
  (rule.all?.every((group) => group.some((re) => hit(forms, re))) ?? false);

/** Judges a prompt with the local rules; synchronous and cheap (microseconds), so it runs on every prompt. */
export function checkPromptLocally(text: string): Verdict {
  const forms = readings(text);
  const flagged = RULES.filter((rule) => matches(forms, rule)).map((r) => r.category);
  // Explicit material involving minors is reported as such, not also as adult content.
  const categories = flagged.includes('sexual/minors') ? flagged.filter((c) => c !== 'sexual') : flagged;
  return verdictOf(categories);
}
