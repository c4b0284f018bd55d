/**
 * Context signals (research note §3.3, "Context signals"): stated ages, school year,
 * unsupervised status, the child's resistance, role hints (parent, teacher, coach,
 * relative) and the registers that show who a speaker is (a child's school life, an
 * adult's work and bills, a parent's household directives, a teacher's or coach's address
 * to a group). They decide whose lines are scored (`speakers.ts`) and are shown in the
 * explanation; they are never scored against anyone.
 */
import { Gated, GateSet } from './gate.ts';
import { pattern } from './lexicon.ts';

/** A role named by a hint. */
export type Role = 'parent' | 'teacher' | 'coach' | 'relative' | 'adult';

/** How a role hint attaches to a speaker. */
export type RoleHintForm =
  /** The writer addresses someone by the role word ("thanks coach", "yes mum"). */
  | 'vocative'
  /** The writer signs or names themselves by the role ("love, mum x", "it's your teacher"). */
  | 'self'
  /** Either: a sign-off that a child could also write ("love you mum x"). */
  | 'either';

export interface AgeStatement {
  readonly value: number;
  /** Normalised-text range of the statement. */
  readonly at: readonly [number, number];
}

const NUM_WORDS: Readonly<Record<string, number>> = {
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const NUM = String.raw`(\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`;
const NOT_UNIT = String.raw`(?! ?(?:mins?|minutes?|miles?|%|percent|quid|pounds|hours?|hrs?|days?|weeks?|months?|pm|am|:|st|nd|rd|th|x|times|metres?|meters?|feet|ft|seconds?|secs?|points?|goals?|kg|stone|nil|-|\d|sec|streets?|stops?|pages?|levels?|games?|in the|on the))`;

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const n = /^\d+$/.test(s) ? Number(s) : NUM_WORDS[s];
  return n === undefined ? null : n;
}

const AGE_SELF = [
  {
    re: pattern(
      String.raw`(?:im|i am|iam|i m)(?: only| just| nearly| almost| still| literally| actually| now| finally)? ${NUM}${NOT_UNIT}(?: years? old| yrs? old| yo)?`,
      'g',
    ),
    delta: 0,
  },
  {
    re: pattern(
      String.raw`(?:being|stop being|to be) ${NUM}${NOT_UNIT} (?:is|so|sucks|already)`,
      'g',
    ),
    delta: 0,
  },
  { re: pattern(String.raw`(?:stop|stopping|done) being ${NUM}${NOT_UNIT}`, 'g'), delta: 0 },
  {
    re: pattern(String.raw`(?:ill|i will|i ll)(?: finally)? be ${NUM}${NOT_UNIT}`, 'g'),
    delta: -1,
  },
  { re: pattern(String.raw`(?:im|i am) turning ${NUM}${NOT_UNIT}`, 'g'), delta: -1 },
  {
    re: pattern(String.raw`${NUM} (?:years? old|yrs? old|yo)(?: me| myself| here)`, 'g'),
    delta: 0,
  },
];
/** A reply that is just an age: "14, u?", "11", "im 12", "13 too". */
const AGE_REPLY =
  /^(?:im |i am |i m |me |age |im only |only )?(\d{1,2})(?![0-9:]| ?(?:am|pm|mins?|minutes?|%|quid|pounds|hours?|days?|th|st|nd|rd|x))(?:$| |[.!?])/;
/** An age question, for deciding whether a bare number answers it. */
export const AGE_QUESTION = pattern(
  String.raw`how old|what age|whats your age|your age|asl|how young|(?:what|which) (?:year|grade|form|class)|(?:are|r) you (?:even )?(?:a )?teen|teenager|birthday|still (?:in|at) school|(?:at|in) (?:secondary|primary|sixth form|college|high school)|old enough|(?:are|r) you (?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|1[0-7])|you seem young|you look young`,
);

const SCHOOL_YEAR = pattern(
  String.raw`(?<!(?:which|what|the|a|that|last|next|this|every|each|per|one|new) )(?:year|yr) ${NUM}(?! ?(?:olds?|gap|s\b|years?|later|ago|older|younger|\d))`,
  'g',
);
const GRADE = pattern(String.raw`(?:${NUM}(?:st|nd|rd|th) grade|grade ${NUM})`, 'g');

export const UNSUPERVISED = pattern(
  String.raw`(?:(?:my |me )?(?:mum|dad|parents|mum and dad|dad and mum|nan|gran|everyone|they|carer|foster mum|stepdad|stepmum){W} (?:is|are|s|re|r|went|have gone|has gone|wont be|arent|isnt){W} (?:at work|out|away|working|on nights|asleep|not (?:home|back|in)|at the shops|at my nans|on holiday|out till|out until|gone out|in bed|back late|home late|out tonight|at the pub|working late|not here|not around)|(?:im|i am|ill be|i will be|i m){W} (?:home )?(?:alone|on my own|by myself|home alone)|(?:just|only) me{W} (?:at home|in|here|tonight|home|in the house|right now)|(?:no one|nobodys|nobody is|noone|no ones|nobody){W} (?:home|in|here|around|back)|(?:theyre|they are|theyll be|they wont be|they dont get back){W} (?:out|back|home) (?:till|until|late|after))`,
);
export const RESISTANCE = pattern(
  String.raw`(?:(?:i )?(?:dont|do not) (?:want to|wanna|feel comfortable|like this|like that|think so|think thats ok)|(?:thats|that is|this is|its|youre|your|ur|u r)(?: so| really| a bit| kinda| well| bit)? (?:weird|creepy|strange|wrong|uncomfortable|not ok|too much|odd|scary|scaring me)|(?:no|nah|nope)(?: thanks| thank you| i dont| im ok| im good| im fine| way)|(?:im|i am) not (?:comfortable|sure about (?:this|that)|allowed|doing that|going to do that)|(?:please )?stop (?:it|asking|messaging|texting)|leave me alone|go away|back off|(?:id|i would) rather not|im not allowed|(?:i|ill|im going to|im gonna) (?:tell|am telling|will tell|report you){W} (?:my )?(?:mum|dad|parents|teacher|someone)|you(?:re| are)? (?:an? )?(?:adult|grown ?up){W} (?:why|thats))`,
);

const ROLE_WORD = String.raw`(?:mum|dad|miss|sir|coach|gran|nan|nana|granny|grandma|grandad|grandpa|auntie|aunty|aunt|uncle|(?:mr|mrs|ms) [a-z]+)`;
const roleOf = (w: string): Role => {
  if (/^(?:mum|dad)$/.test(w)) return 'parent';
  if (/^(?:miss|sir|mr |mrs |ms )/.test(w) || w === 'sir' || w === 'miss') return 'teacher';
  if (w === 'coach') return 'coach';
  return 'relative';
};
const VOCATIVE_LEAD = pattern(
  String.raw`^(?:(?:ok|okay|yes|yeah|yep|yh|thanks|thank you|thanks so much|cheers|love you|night|goodnight|bye|sorry|hi|hiya|hey|morning|alright|no|sure|will do|i wont|i will|ok then|fine|oh|please|yay|aw|aww|lol|haha|btw|right|see you|i know|ok love|got it|done|i did|i have|not yet|sorry|hello)(?: [a-z]+){0,1} )?(${ROLE_WORD})(?: x+)?(?=$| [a-z]|[.!?])(?! (?:is|was|has|had|said|says|s|will|wont|cant|doesnt|isnt|went|gets|got|and|or|works|thinks|knows|never|always|just|would|could|should|might|makes|made|let|lets|wants|took|takes|and)\b)`,
);
const VOCATIVE_AFTER = pattern(
  String.raw`(?:thanks|thank you|cheers|love you|yes|ok|okay|no|bye|night|sorry|morning|hi|hiya|hey|please|alright|bless you|miss you) (${ROLE_WORD})(?: x+)?(?=$| [a-z]|[.!?])(?! (?:is|was|has|had|said|says|s|will|wont|cant|doesnt|isnt|went|gets|got|and|or|works|thinks|knows|never|always|just|would|could|should|might|makes|made|let|lets|wants|took|takes)\b)`,
  'g',
);
const VOCATIVE_END = pattern(
  String.raw`(?<!(?:your|my|the|his|her|a|our|their|ur|to|with|for|and|tell|ask|love) )(${ROLE_WORD})(?: x+)?[.!?]*$`,
);
const VOCATIVE_QUESTION = pattern(
  String.raw`^(${ROLE_WORD}) (?:can|could|will|would|are|do|did|have|is|where|when|what|please|i)`,
);
const SIGN_OFF = pattern(
  String.raw`(?:^|love |love from |from |- |its |it is |this is )(${ROLE_WORD}) x+$|(?:love|from) (${ROLE_WORD})$`,
);
const SELF_ROLE = pattern(
  String.raw`(?:im|i am|its|it is|this is) (?:your |ur )(?:mum|dad|teacher|coach|form tutor|tutor|head of year|nan|gran|auntie|uncle|manager)|as your (?:teacher|coach|tutor|form tutor|mum|dad|parent)|covering for (?:mr|mrs|miss|ms) [a-z]+|(?:im|i am) (?:a |the )(?:teacher|coach|tutor|ta|teaching assistant|youth worker|school nurse)`,
);
const TEACHER_REGISTER = pattern(
  String.raw`(?:all of you|you lot|(?:well done|good (?:work|effort|job)|great (?:work|effort)|thanks|morning|reminder) (?:everyone|all)|everyone (?:needs|should|must|remember|bring|hand|has to|please)|has everyone|who is still missing|whos still missing|hand(?:ed)? in (?:the|your) (?:essay|homework|project)|bring (?:your|ur) (?:calculators|books|pe kit|water bottles?)|the (?:test|exam|quiz) is on|revise chapter|chapter \d+|on the portal|homework club|the class chat|trip money|trip form|consent form|parents evening|in class today|good effort in class|well done on the|full marks|detention for|the hall|the register|reading log|extension on)`,
);
const COACH_REGISTER = pattern(
  String.raw`(?:training (?:is|at|tonight|today|tomorrow)|good training|well played (?:today )?(?:everyone|all)|the squad|the team sheet|kick off|kit (?:finally )?came|the new kit|top pitch|the pitch|in goal|keeper|the match got|fitness test|water bottles|the b team|the a team|league registration|drill|warm ?up|match day)`,
);
const PARENT_REGISTER = pattern(
  String.raw`(?:tidy (?:your|ur) room|your room is a mess|bedtime|get ready for bed|time for bed|dinner is (?:at|ready)|teas ready|have you done your homework|done your homework|lunch money|pe kit|dentist|doctors appointment|the dog needs|walk the dog|take the dog|out of milk|grab some milk|text me when you get (?:to|home)|be home by|home by \d|curfew|your nan says|your dad says|your mum says|ask your (?:dad|mum)|im back at \d|proud of you for trying|finish it before you go on|go to sleep now|turn the (?:light|xbox|tv) off|put the washing|empty the dishwasher|have you eaten|is dad home yet|hes got my keys|shes got my keys|pick you up from school|outside the gates|leaving now|where you left it)`,
);
/**
 * A shared household: "mum", "dad" or "nan" named without a possessive ("is dad back yet",
 * "don't tell mum", "mum says"), as siblings and parents speak; someone outside the family
 * says "your mum".
 */
const FAMILY_REFERENCE = String.raw`(?<!(?:my|your|his|her|the|their|our|a|yo|to|love|thanks|thank you|ok|okay|yes|no|hi|hey|bye|night|sorry|please|cheers|alright|morning|and|x) )(?:mum|dad|mum and dad|dad and mum|nan|grandma|grandad)(?= (?:says|said|is|was|will|wants|went|has|had|wont|doesnt|didnt|isnt|cant|knows|thinks|gets|got|back|home|in|out|and dad|and mum|would|might|needs|asked|told|s)\b)|(?:tell|ask|told|asked|text|ring|call|whens|when is|wheres|where is|what time is|what times|when does|when will|is|are) (?:mum|dad|mum and dad|dad and mum|nan)\b(?! x)`;
const RELATIVE_REGISTER = pattern(
  String.raw`${FAMILY_REFERENCE}|(?:for your birthday love|(?:your|ur) cousins?|half term|(?:come|visit) (?:and see )?(?:me|us|nan|gran|grandad)(?: at| over| for)? (?:half term|christmas|the holidays|easter)|love (?:nan|gran|grandma|grandad|auntie|uncle)|(?:nan|gran|grandad|grandma) and grandad|when you come to (?:mine|ours)|shell say i spoil you|says i spoil you)`,
);

/** A child's own school and home life (first person). */
export const YOUTH_REGISTER = pattern(
  String.raw`(?:my (?:teacher|form tutor|head of year|class|school|homework|bedtime|pocket money|pe kit|school bag|little brother|little sister|big sister|big brother|best mate moved|mum says|mum makes|mum made|mum is making|mum wont|dad says|dad makes|dad said i|dad wont|sister gets|brother gets|lunch money|exams|gcses|teachers|classmates)|i got (?:a )?(?:detention|merit)|detention|homework|school (?:trip|disco|play|bag|bus|dinner|uniform|run|nights)|supply teacher|form tutor|assembly|registration|parents evening|revise|revision|revised|revising|gcses?|sats|(?:in|for) (?:maths|science|english|french|history|geography|pe|art|class)|lunch was|sixth form|primary school|secondary school|(?:im|i am) (?:not )?allowed|have to be in by|be in by \d|grounded|when im older|when i grow up|(?:mr|mrs|miss|ms) [a-z]+ (?:was|is|gave|moved|said)|snow day|no school|choir at school|swimming lessons|got picked for the|(?:our|my) form tutor|in year \d+|year \d+ (?:homework|assembly|trip)|at school today|(?:im|i am) so nervous about my exams|move to secondary|the school trip|school (?:finishes|starts)|the bus was so late this morning|did you revise|whats the answer to|the project due|the reading for english|a test (?:in|on)|the test on|i had a test|my mum wont let me|my mum and dad wont let me|can i have a friend over)`,
  'g',
);

/** A youth-register phrase about the writer's own life (not "your homework", "say you're revising"). */
function firstPersonYouth(text: string): boolean {
  YOUTH_REGISTER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = YOUTH_REGISTER.exec(text)) !== null) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (!/\b(?:you|your|youre|yours)\b[^.?!]*$/.test(before)) return true;
  }
  return false;
}
/** An adult's own life: work, money, home, driving. */
export const ADULT_REGISTER = pattern(
  String.raw`(?:at work|from work|after work|my work|work was|(?:my|a|the) new job|my job|the office|my boss|my manager|my commute|commute|mortgage|my rent|the rent|council tax|tax return|the bills|my bills|my flat|housemate|my wife|my husband|my partner|my kids|my son|my daughter|the pub|a pint|pints|my car|(?:i|im|i was|ill be|been) driving (?:to|home|back|over|round|for|all)|drove (?:to|home|past|over|back)|driving (?:licence|test|lessons?)|the garage|my divorce|payday|salary|shifts?|warehouse|deliveries|overtime|my van|my lorry|uni days|back in my day|when i was your age|when i was at school|floppy disks|the election|landlord|my ex|retired|pension|(?:im|i am) an adult|my colleagues?|colleague|meetings all (?:day|afternoon)|back to back meetings|energy bills|the prices lately|decorating|the front room|my mot|the mot|book the car|job interview|promotion|annual leave|my shift|night shift|my apprenticeship|student loan|my lecturer|my degree|(?:big |weekly )?food shop|laundry|the washing|anniversary|hangover|wine|beer|the bins|the boiler|my landlord|insurance|my dentist|the school run|my toddler|nursery|the baby|my grandkids|my niece|my nephew|my mortgage|the kids are|skint|paid the|bank holiday|the nhs|my gp|prescription)`,
  'g',
);

/** An adult-register phrase about the writer (not "they're both at work", "your mortgage"). */
function firstPersonAdult(text: string): boolean {
  ADULT_REGISTER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADULT_REGISTER.exec(text)) !== null) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (
      !/\b(?:you|your|youre|they|theyre|theyve|he|hes|she|shes|mum|dad|mums|dads|parents|brother|sister|nan|gran|uncle|auntie)\b[^.?!]*$/.test(
        before,
      )
    )
      return true;
  }
  return false;
}

/** Signals found on one normalised line. */
export interface LineSignals {
  readonly ages: readonly AgeStatement[];
  readonly schoolYear: { readonly value: number; readonly at: readonly [number, number] } | null;
  readonly unsupervised: readonly [number, number] | null;
  readonly resistance: readonly [number, number] | null;
  readonly roleHints: readonly {
    readonly role: Role;
    readonly form: RoleHintForm;
    readonly at: readonly [number, number];
  }[];
  readonly registers: {
    readonly youth: boolean;
    readonly adult: boolean;
    readonly parent: boolean;
    readonly teacher: boolean;
    readonly coach: boolean;
    readonly relative: boolean;
  };
  /** True when the line asks someone's age (used to read a bare number in the next lines). */
  readonly asksAge: boolean;
}

const at = (m: RegExpExecArray): [number, number] => [m.index, m.index + m[0].length];

/** The context expressions (their words join the typo-correction vocabulary in `detect.ts`). */
export const CONTEXT_PATTERNS: readonly RegExp[] = [
  UNSUPERVISED,
  RESISTANCE,
  SELF_ROLE,
  YOUTH_REGISTER,
  ADULT_REGISTER,
  PARENT_REGISTER,
  TEACHER_REGISTER,
  COACH_REGISTER,
  RELATIVE_REGISTER,
  AGE_QUESTION,
];

const HAS_NUMBER = /\d|five|six|seven|eight|nine|ten|eleven|twelve|teen/;
const ROLE_WORD_RE = pattern(ROLE_WORD);
/** Context expressions behind one gate set (indices below). */
const SIGNAL_GATES = new GateSet(
  [
    UNSUPERVISED,
    RESISTANCE,
    SELF_ROLE,
    YOUTH_REGISTER,
    ADULT_REGISTER,
    PARENT_REGISTER,
    TEACHER_REGISTER,
    COACH_REGISTER,
    RELATIVE_REGISTER,
    AGE_QUESTION,
    ROLE_WORD_RE,
  ].map((re) => new Gated(re)),
);
const enum S {
  Unsupervised,
  Resistance,
  SelfRole,
  Youth,
  Adult,
  Parent,
  Teacher,
  Coach,
  Relative,
  AgeQuestion,
  RoleWord,
}
function run(re: RegExp, on: boolean, text: string): RegExpExecArray | null {
  if (!on) return null;
  re.lastIndex = 0;
  return re.exec(text);
}

/**
 * A bare number read as a stated age (used when another speaker asked an age just before).
 *
 * @returns the age statement, or null when the line does not start with a plausible age.
 */
export function replyAge(text: string): AgeStatement | null {
  const m = AGE_REPLY.exec(text);
  if (!m) return null;
  const v = num(m[1]);
  if (v === null || v < 5 || v > 99) return null;
  return { value: v, at: [m.index, m.index + m[0].trimEnd().length] };
}

/**
 * Reads the context signals of one normalised line.
 *
 * @param text - normalised text (`normalize.ts`).
 * @param ageAskedRecently - whether another speaker asked an age within the last few lines
 *   (a bare number is then read as a stated age).
 */
export function lineSignals(
  text: string,
  ageAskedRecently: boolean,
  stems: ReadonlySet<string>,
): LineSignals {
  const ages: AgeStatement[] = [];
  const numeric = HAS_NUMBER.test(text);
  if (numeric)
    for (const { re, delta } of AGE_SELF) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const v = num(m[1]);
        if (v !== null && v >= 5 && v <= 99) ages.push({ value: v + delta, at: at(m) });
      }
    }
  if (ages.length === 0 && ageAskedRecently) {
    const reply = replyAge(text);
    if (reply !== null) ages.push(reply);
  }
  let schoolYear: LineSignals['schoolYear'] = null;
  if (numeric)
    for (const re of [SCHOOL_YEAR, GRADE]) {
      re.lastIndex = 0;
      const m = re.exec(text);
      // "are you in year 7?" asks about the other person: not the writer's own school year
      const aboutOther =
        m !== null &&
        /\b(?:you|your|youre|yours)\b[^.?!]*$/.test(text.slice(Math.max(0, m.index - 24), m.index));
      if (m && schoolYear === null && !aboutOther) {
        const v = num(m[1] ?? m[2]);
        if (v !== null && v >= 1 && v <= 13) schoolYear = { value: v, at: at(m) };
      }
    }
  const may = SIGNAL_GATES.may(stems);
  const on = {
    unsupervised: may[S.Unsupervised] === true,
    resistance: may[S.Resistance] === true,
    selfRole: may[S.SelfRole] === true,
    youth: may[S.Youth] === true,
    adult: may[S.Adult] === true,
    parent: may[S.Parent] === true,
    teacher: may[S.Teacher] === true,
    coach: may[S.Coach] === true,
    relative: may[S.Relative] === true,
    ageQuestion: may[S.AgeQuestion] === true,
    roleWord: may[S.RoleWord] === true,
  };
  const u = run(UNSUPERVISED, on.unsupervised, text);
  const r = run(RESISTANCE, on.resistance, text);
  const roleHints: { role: Role; form: RoleHintForm; at: [number, number] }[] = [];
  const push = (w: string | undefined, form: RoleHintForm, range: [number, number]): void => {
    if (w === undefined) return;
    roleHints.push({ role: roleOf(w), form, at: range });
  };
  const roleWord = on.roleWord && ROLE_WORD_RE.test(text);
  const so = roleWord ? SIGN_OFF.exec(text) : null;
  if (so) push(so[1] ?? so[2], /^love (?:you|u)\b/.test(text) ? 'either' : 'self', at(so));
  else if (roleWord) {
    const lead = VOCATIVE_LEAD.exec(text) ?? VOCATIVE_QUESTION.exec(text);
    if (lead) push(lead[1], 'vocative', at(lead));
    VOCATIVE_AFTER.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = VOCATIVE_AFTER.exec(text)) !== null)
      push(m[1], /^love you/.test(m[0]) ? 'either' : 'vocative', at(m));
    if (roleHints.length === 0) {
      const end = VOCATIVE_END.exec(text);
      if (end && text.length - end[0].length > 0) push(end[1], 'vocative', at(end));
    }
  }
  const self = run(SELF_ROLE, on.selfRole, text);
  if (self) {
    const w = self[0];
    const role: Role = /teacher|tutor|head of year|covering|assistant|nurse/.test(w)
      ? 'teacher'
      : /coach|manager|youth worker/.test(w)
        ? 'coach'
        : /mum|dad|parent/.test(w)
          ? 'parent'
          : 'relative';
    roleHints.push({ role, form: 'self', at: at(self) });
  }
  return {
    ages,
    schoolYear,
    unsupervised: u ? at(u) : null,
    resistance: r ? at(r) : null,
    roleHints,
    registers: {
      youth: on.youth && firstPersonYouth(text),
      adult: on.adult && firstPersonAdult(text),
      parent: run(PARENT_REGISTER, on.parent, text) !== null,
      teacher: run(TEACHER_REGISTER, on.teacher, text) !== null,
      coach: run(COACH_REGISTER, on.coach, text) !== null,
      relative: run(RELATIVE_REGISTER, on.relative, text) !== null,
    },
    asksAge: run(AGE_QUESTION, on.ageQuestion, text) !== null,
  };
}
