/**
 * Lexical families shared by the triage detectors: word classes written once as regular
 * expression fragments over normalised text (`normalize.ts`: lower case, chat spellings
 * already canonical — "u" → "you", "ur"/"yr"/"yer" → "your", "r" → "are", "2moro" →
 * "tomorrow", apostrophes removed — words separated by single spaces).
 *
 * Families describe concepts (who supervises a child, what a device is, what a private
 * channel is, where people meet), not sentences. Patterns refer to them as `{NAME}`.
 * Nothing here is sexual vocabulary: sexual content is detected only through the pluggable
 * interface in `sexual-content.ts`.
 */

/** Up to two arbitrary words (a gap for fillers such as "even", "really", "like"). */
const W2 = String.raw`(?: [a-z0-9']+){0,2}`;
/** Up to four arbitrary words. */
const W4 = String.raw`(?: [a-z0-9']+){0,4}`;

const PARENT = String.raw`(?:mum|dad|parents?|mum and dad|dad and mum|mother|father|step ?(?:mum|dad|parents?)|folks|carers?|guardians?|foster (?:mum|dad|parents?|carers?)|nan|nana|gran|granny|grandma|grandad|grandpa|grandparents?|family|auntie|aunty|aunt|uncle)`;

export const MACROS: Readonly<Record<string, string>> = {
  W: W2,
  W4,
  /** The second person after canonicalisation ("ur" → "your", but chat also writes "your" for "you're"). */
  YOURE: String.raw`(?:youre|you are|your|you)`,
  ARE_YOU: String.raw`(?:are you|you are|youre|you)`,
  /** Adults who supervise a child at home. */
  PARENT,
  /** Anyone who might be at home with the child. */
  HOUSEHOLD: String.raw`(?:${PARENT}|(?:older |big |little )?(?:brother|sister|sibling)s?|carer|babysitter|anyone|anybody|someone|somebody|any adults?|an adult|a grown ?up|grown ?ups)`,
  /** People in the child's own life. */
  CIRCLE: String.raw`(?:${PARENT}|friends|mates|best friend|best mate|family|classmates|teachers?|sister|brother|siblings|school friends|people at (?:your )?school|kids at (?:your )?school|girls at (?:your )?school|boys at (?:your )?school|the kids at your school|the people at your school|the others)`,
  /** Devices and message stores a supervisor might check. */
  DEVICE: String.raw`(?:phone|mobile|messages?|texts?|chats?|laptop|computer|pc|tablet|ipad|account|dms?|inbox|screen|apps?|browser|history|conversations?|convos?|snapchat|instagram|insta|whatsapp|photos|pics|gallery|camera roll)`,
  /** App names that are unambiguous in chat. */
  APP: String.raw`(?:snapchat|snap|instagram|insta|whatsapp|telegram|kik|skype|discord|wickr|viber|tiktok|messenger|facebook|imessage|facetime|omegle|wechat|hangouts|signal|twitter|threads|line|session|teams|zoom|xbox|psn|steam|roblox|element|wire)`,
  /** App names that can stand alone ("have you got X?"). */
  APP_STRONG: String.raw`(?:snapchat|snap|instagram|insta|whatsapp|telegram|kik|skype|discord|wickr|viber|tiktok|messenger|facebook|imessage|facetime|omegle|wechat|hangouts)`,
  /** An unnamed other channel. */
  OTHER_CHANNEL: String.raw`(?:another|a different|a better|a more private|a private|a secret|a safer|a secure|a separate|my other|the other|an other|a new|a second|somewhere (?:else|more private|private|quieter)) (?:app|apps|site|platform|chat|account|number|phone|place|server)`,
  IMAGE_NOUN: String.raw`(?:pic|pics|photo|photos|picture|pictures|selfie|selfies|snap|snaps|video|videos|vid|image|images|face ?pic|shot|clip)`,
  /** Things a child might be given (non-explicit gifts, money and game currencies). */
  GIFT: String.raw`(?:money|cash|£ ?\d+|\d+ (?:quid|pounds|dollars|euros)|quid|fiver|tenner|vouchers?|gift ?cards?|gift|gifts|presents?|credits?|coins|vbucks|v bucks|robux|gems|points|skins?|new game|games?|phone|iphone|trainers|clothes|outfit|makeup|top ?up|phone credit|airpods|headphones|console|ps5|playstation|xbox|switch|nintendo|anything you want|whatever you want|something nice|something|anything|stuff|treats?)`,
  /** Game and app currencies (put on an account). */
  CURRENCY: String.raw`(?:vbucks|v bucks|robux|coins|gems|credits|game credits|points|money|cash|credit|top ?ups?|£ ?\d+)`,
  /** Travel that someone might pay for. */
  TRAVEL: String.raw`(?:bus|train|taxi|uber|cab|tram|coach|travel|petrol|tube|metro)`,
  /** Meeting verbs. */
  MEET: String.raw`(?:meet|meet up|meeting|hang out|hang|link up|see you|see each other|get together|catch up|go out|come over|come round|come and see you|come see you|visit you|visit|chill|spend time together)`,
  /** Vague time words: a wish, not a plan. */
  VAGUE: String.raw`(?:one day|someday|some day|sometime|some time|one of these days|in the future|eventually|at some point|soon|sometime soon|one time|in a bit|some point)`,
  /** Day references a plan can use (resolved against the message timestamp in logistics.ts). */
  DAY: String.raw`(?:today|tonight|tomorrow(?: (?:morning|afternoon|evening|night))?|this (?:morning|afternoon|evening|weekend|week)|(?:this |next |on |on this )?(?:mon|tues|tue|wednes|wed|thurs|thur|fri|satur|sat|sun)day(?: (?:morning|afternoon|evening|night))?|after school|before school|lunchtime|at lunch|the weekend|later today|later on|in an hour|in (?:\d+|a few|ten|twenty|thirty) (?:mins|minutes|hours))`,
  /** Clock times. */
  CLOCK: String.raw`(?:\d{1,2}(?::\d{2})? ?(?:am|pm)|\d{1,2}:\d{2}|half (?:past )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})|quarter (?:past|to) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})|\d{1,2} ?o ?clock|noon|midday|midnight|(?:at|around|about|from|for|by|after|before|till|until|say) \d{1,2}(?::\d{2})?(?! ?(?:years?|mins?|minutes?|hours?|days?|weeks?|quid|pounds|miles|%)))`,
  /** Places people meet (generic landmarks, not place names). */
  LANDMARK: String.raw`(?:park|the swings|swings|playground|play park|rec|recreation ground|bus stop|bus shelter|bus station|train station|station|corner shop|shop|shops|chip shop|chippy|leisure centre|sports centre|swimming baths|swimming pool|baths|pool|library|war memorial|memorial|bandstand|cinema|shopping centre|mall|car park|carpark|cafe|coffee shop|mcdonalds|maccies|kfc|subway|greggs|tesco|supermarket|petrol station|garage|church|canal|woods|wood|field|fields|alley|alleyway|gates|park gates|school gates|underpass|bridge|clock tower|market|high street|town centre|precinct|square|bench|corner|end of your road|end of the road|end of your street|top of your road|bottom of your road|your road|your street|your house|your school|your estate|my car|the car|my house|my place|my flat|hotel|arcade|skate park|bowling alley|retail park|roundabout|lay ?by|lane|back gate|back door|front door|entrance|exit|beach|pier|harbour|river|lake|bus|train)`,
  /** Prepositions that place a meeting. */
  AT: String.raw`(?:by|outside|at|behind|near|nearby|in front of|opposite|next to|across from|round the corner from|around the corner from|round the back of|round the side of|at the end of|on the corner of|under|inside|round|around|beside|in)`,
  /** School stages a child's age can be read from (UK and US terms). */
  SCHOOL_STAGE: String.raw`(?:primary|primary school|secondary|secondary school|high school|middle school|junior high|junior school|senior school|elementary|elementary school|sixth form|year (?:\d{1,2}|seven|eight|nine|ten|eleven|twelve|thirteen)|grade \d{1,2}|\d{1,2}(?:st|nd|rd|th) grade|gcses?|a levels?|sats)`,
  /** Adult ages written as words ("twenty nine", "thirty-two"). */
  ADULT_AGE_WORD: String.raw`(?:eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty)(?: (?:one|two|three|four|five|six|seven|eight|nine))?)`,
  /** Disclosure verbs: telling, showing or posting something to a third person. */
  DISCLOSE: String.raw`(?:tell|say|mention|show|post|share|talk about|speak about|bring up|let slip|let on|breathe a word|forward|screenshot|snitch|grass|blab|spill|say anything|say a word|say owt|say nothing)`,
  /** Negations and prohibitions that open a request not to do something. */
  DONT: String.raw`(?:dont|do not|never|better not|lets not|let us not|no need to|not to|shouldnt|should not|mustnt|must not|you cant|you cannot|you wont|you will not|please dont|dont you dare|dont ever|never ever|try not to|make sure you dont|promise not to|promise you wont|promise you will not|swear you wont|swear not to|you dont|you do not|you mustnt|you shouldnt|you better not|youd better not|youre not allowed to|you are not allowed to|not allowed to)`,
  /** Household directives and role self-references (parent, teacher, coach, relative). */
  NAMEWORD: String.raw`[a-z]+(?:s)?`,
};

/**
 * Expands `{NAME}` references to the families above and compiles a whole-word pattern over
 * normalised text.
 *
 * @param template - regular-expression source with `{NAME}` macro references.
 * @throws Error when a macro name is unknown (a programming error, caught by the tests).
 */
export function pattern(template: string, flags = ''): RegExp {
  const src = expand(template);
  return new RegExp(String.raw`(?<![a-z0-9£])(?:${src})(?:(?<= )|(?![a-z0-9]))`, flags);
}

/** Expands `{NAME}` macros (recursively) without compiling. */
export function expand(template: string): string {
  return template.replace(/\{([A-Z][A-Z_0-9]*)\}/g, (_, name: string) => {
    const v = MACROS[name];
    if (v === undefined) throw new Error(`unknown lexicon macro {${name}}`);
    return expand(v);
  });
}

/** Lower-case words of length ≥ 3 that occur literally in a pattern source (for typo correction). */
export function literalWords(src: string): string[] {
  const out: string[] = [];
  // drop escapes and character classes so "\d" or "[a-z]" do not yield words
  const cleaned = src.replace(/\\[a-zA-Z]/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  for (const m of cleaned.matchAll(/[a-z]{3,}/g)) out.push(m[0]);
  return out;
}
