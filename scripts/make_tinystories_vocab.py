#!/usr/bin/env python3
"""Build generators/data/tinystories_vocab.json, the TinyStories-recipe vocabulary.

Eldan & Li (2023) built TinyStories by asking an LLM for stories that use one
verb, one noun and one adjective drawn from a list of ~1,500 basic words that
a 3-4 year old typically understands.  This script carries a hand-written
stand-in for that list, not the authors' own (the word lists are literals):
simple, concrete, child-level verbs (base form), nouns (singular) and
adjectives, each word in exactly one list.

Every word is checked against real TinyStories text
(../shared/data/tinystories/tinystories_val_prefix.txt and
workflows/corpus/notes.txt), case-insensitively, allowing simple
inflections (word, +s, +es, +ed, +d, +ing, e-drop +ing, y->ies/ied/ier/iest,
doubled final consonant +ed/+ing/+er/+est, +er/+est, +r/+st).  Words that
do not occur are kept only because they are obviously basic child vocabulary;
the script prints them so the list can be reviewed.

Usage (from the repository root):
    python3 scripts/make_tinystories_vocab.py [PATH_TO_SHARED_DATA]
PATH_TO_SHARED_DATA defaults to ../shared/data.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
CORPUS_FILES = [
    SHARED / "tinystories" / "tinystories_val_prefix.txt",
    ROOT / "workflows" / "corpus" / "notes.txt",
]
OUT = ROOT / "generators" / "data" / "tinystories_vocab.json"

VERBS = """
accept act add admire agree aim allow answer appear applaud arrive ask
bake balance bang bark bathe beg begin behave believe belong bend bite blink
bloom blow boil borrow bounce brag break breathe bring brush bubble buckle
build bump burn burp bury buy buzz
call camp care carry carve catch celebrate change chase chat check cheer chew
chirp choose chop chuckle clap climb cling close collect comb come comfort
complain cook copy cough count cover crack crash crawl create creep cross
crunch crush cry cuddle cut
dance dare decide deliver dig dip discover dive do dodge drag draw dream drift
drink drip drive drop
earn eat enjoy enter escape examine exercise explain explore
fail fall feed feel fetch fight fill find finish fit fix flap flash flip float
flow flutter fly fold follow forget forgive freeze frown fry
gallop gasp gather get giggle give glide glow go grab greet grin grip groan
grow growl guard guess guide
hang hatch hate have heal hear help hide hiss hit hold honk hop hope howl hug
hum hunt hurry hurt
ignore imagine improve invite itch
jog join juggle jump
keep kick kiss kneel knit knock know
land last laugh lay lead lean leap learn leave lend let lick lie lift like
listen live load look lose love
make march marry match measure meet melt mend miss mix moo mop move munch
nap need nibble nod notice
obey offer open order own
pack paddle paint pass pat pay peek peel perform pick pinch plan play point
poke polish pop pounce pour practice praise pray prepare press pretend print
promise protect prove puff pull pump purr push put
quack
race rake reach read relax remember remind repair repeat reply rescue rest
return ride rinse rip roar roast roll rub rule run rush
sail save say scare scatter scoop scratch scream scribble scrub scurry search
see sell send serve settle sew shake share shave shine shiver shout show shrug
shut sigh sing sink sip sit skate skip sleep slide slip slurp smash smell
smile sneak sneeze sniff snore snuggle soak soar solve sort speak spell spend
spill spin splash spoil spray spread sprinkle sprout squeak squeeze squish
stack stamp stand stare start stay steal steer step sting stir stitch stomp
stop stretch stroke study stumble suck surf swallow swap sway sweep swim swing
swirl swoop
take talk tap taste teach tear tease tell thank think throw tickle tie tiptoe
toss touch trade travel trip trust try tuck tug tumble turn twirl twist
understand unlock unpack untie unwrap use
vanish visit
waddle wade wag wait wake walk wander want warn wash watch wave wear weep
weigh whisper whistle wiggle win wink wipe wish wobble wonder work worry wrap
wriggle write
yawn yell
zip zoom
"""

NOUNS = """
acorn adventure afternoon airplane airport alligator ambulance animal ant
apple apron arm attic aunt avocado
baby backpack backyard baker bakery ball balloon banana band bandage barn
basement basket bat bath bathroom bathtub beach bead beak bean bear beard bed
bedroom bedtime bee beetle bell belly belt bench berry bike bird birthday
biscuit blanket block blossom boat body bone book bookshelf boot bottle bottom
bow bowl box boy bracelet branch bread breakfast breeze brick bridge broccoli
broom brother bubblegum bucket bug builder bulb bun bunny bus bush butter
butterfly button
cabbage cabin cactus cage cake calf camel camera candle candy canoe cap car
card carpet carrot cart castle cat caterpillar cave celery cereal chain chair
chalk cheek cheese chef cherry chest chick chicken child chimney chin chip
chocolate circle circus city class classroom claw cliff clock closet cloth
clothes cloud clown coat coconut coin color cookie corn corner costume couch
cousin cow crab cracker crayon cream crib crocodile crow crown crumb crust cup
cupboard cupcake curtain cushion
daisy dandelion day deer dentist desert desk dessert diamond dinner dinosaur
dirt dish doctor dog doll dolphin donkey door doorbell dough dragon drawer
dress drum duck duckling dust
eagle ear earth egg elbow elephant elf engine envelope evening eye
face fairy family fan farm farmer father feather fence field fin finger fire
firefighter firefly fireplace fish flag flamingo flashlight floor flour flower
flute fog food foot forest fork fountain fox fridge friend frog fruit fun fur
game garage garden gate ghost giant gift giraffe girl glass glove glue goat
gold goldfish goose gorilla grandma grandpa grape grass grasshopper ground
guitar
hair hallway hamburger hammer hamster hand hat hay head heart hedgehog helmet
hen hero hill hippo hole holiday home honey hoof hook horn horse hospital
house hut
ice idea igloo insect island
jacket jam jar jeep jelly jellyfish jewel job joke juice jungle
kangaroo kettle key kid king kitchen kite kitten knee knife knight koala
ladder lady ladybug lake lamb lamp lawn leaf leg lemon lemonade lesson letter
lettuce library light lightning lion lip lizard llama lock log lollipop lunch
lunchbox
magic mailbox mailman man map marble market mask mat meadow meal melon mermaid
milk mirror mitten mole mom mommy money monkey monster moon moose morning moth
mother mountain mouse mouth movie mud muffin mug mushroom music
nail name napkin neck necklace neighbor nest net night noodle nose note
notebook number nurse nut
oak ocean octopus office onion ostrich otter oven owl owner
pail pajamas palace pan pancake panda paper park parrot party pasta path paw
pea peach peacock peanut pear pebble pen pencil penguin pepper person pet
petal piano pickle picnic picture pie piece pig pigeon piglet pillow pilot
pineapple pinecone pirate pizza plane planet plant plate playground plum
pocket pond pony pool popcorn porch pot potato present prince princess prize
pudding puddle pumpkin puppy puzzle
queen quilt
rabbit raccoon radio raft rain rainbow raindrop raisin rat ribbon rice ring
river road robin robot rock rocket roof room rooster root rope rose rug ruler
sack sailboat sailor salad salt sand sandal sandcastle sandwich sauce sausage
scarf school scooter sea seal seashell seat secret seed shadow shape shark
sheep shelf shell ship shirt shoe shop shore shoulder shovel sidewalk sister
skirt sky sled smoke snack snail snake sneaker snow snowball snowflake snowman
soap sock sofa soup spaghetti sparrow spider sponge spoon spot spring square
squirrel stair star starfish stick sticker stone stool store storm story stove
strawberry stream street string sugar suitcase summer sun sunflower sunset
sunshine supper surprise swamp swan sweater
table tail tea teacher teapot teddy teeth telephone tent thumb thunder ticket
tiger tire toad toast toe tomato tongue tooth toothbrush top towel tower town
toy tractor train treasure treat tree triangle truck trumpet tub tulip tummy
tunnel turkey turtle twig
umbrella uncle unicorn
valley van vase vegetable village violin volcano
waffle wagon wall wand water waterfall watermelon whale wheel whisker window
wing winter witch wizard wolf woman wood word worm
yard yarn yogurt
zebra zoo
"""

ADJECTIVES = """
adorable afraid alive alone amazed amazing angry annoyed anxious ashamed
asleep awake awesome awful
bad bald beautiful better bitter black blind blue bold bored bossy bouncy
brave breezy bright brilliant broken brown bubbly bumpy busy buttery
calm careful careless caring cheap cheerful cheesy chewy chilly chubby clean
clear clever cloudy clumsy cold colorful comfortable comfy confused cool cozy
cranky crazy creamy creepy crispy crooked crowded cruel crumbly crunchy cuddly
curious curly cute
damp dangerous daring dark deaf dear deep delicate delicious delighted
determined different difficult dim dirty disappointed dizzy dry dull dusty
eager early easy embarrassed empty enormous excellent excited exciting
expensive
fair fake famous fancy fantastic far fast fat favorite fearless feathery
fierce fine fizzy flat floppy fluffy foggy foolish forgetful fragile free
freezing fresh friendly frightened frosty frozen fruity frustrated full funny
furry fuzzy
generous gentle gigantic giggly glad glittery gloomy golden good gooey
gorgeous graceful grassy grateful gray great greedy green grouchy grumpy
hairy handsome happy hard harmless healthy heavy helpful helpless hidden high
hollow honest hopeful hot huge humble hungry
icy impatient important incredible interesting itchy
jealous jolly joyful juicy jumpy
kind
large late lazy leafy little lively lonely long loose lost loud lovely low
loyal lucky lumpy
mad magical mean merry messy mighty mild minty misty muddy mushy mysterious
narrow nasty naughty neat nervous new nice noisy normal nosy nutty
obedient old orange ordinary
pale patient peaceful perfect pink plain plastic playful pleasant pleased
plump pointy polite poor popular powerful precious pretty prickly proud puffy
purple
quick quiet
rainy rare raw ready real red reliable relieved respectful rich right ripe
rocky rosy rotten rough round royal rude rusty
sad safe salty same sandy scared scary scratchy selfish serious shaggy shallow
sharp shiny short shy sick silent silky silly silver simple skinny sleepy
slimy slippery sloppy slow small smart smelly smooth sneaky snowy snug soft
soggy sore sorry sour sparkling sparkly special speedy spicy spiky spooky
spotless spotted squeaky squishy steep sticky stinky stormy straight strange
stretchy striped strong stubborn sturdy successful sudden sugary sunny super
surprised sweaty sweet swift
tall tame tangled tasty tender terrible terrific thankful thick thin thirsty
thoughtful tidy tight tiny tired toasty torn tough tricky true twinkly
ugly unfair unhappy unique unkind unlucky untidy unusual upset useful useless
valuable
warm wavy weak weird wet white whole wicked wide wiggly wild windy wise wobbly
wonderful wooden woolly worried wrong
yellow young yucky yummy
"""


def words(block):
    return block.split()


def forms(w):
    """Simple inflections of w (see module docstring)."""
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er",
           w + "est", w + "r", w + "st"}
    if w.endswith("e"):
        out.add(w[:-1] + "ing")
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        stem = w[:-1]
        out |= {stem + "ies", stem + "ied", stem + "ier", stem + "iest"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        d = w + w[-1]
        out |= {d + "ed", d + "ing", d + "er", d + "est"}
    return out


def main():
    lists = {"verbs": words(VERBS), "nouns": words(NOUNS), "adjectives": words(ADJECTIVES)}
    problems = []
    seen = {}
    for name, ws in lists.items():
        for w in ws:
            if not re.fullmatch(r"[a-z]+", w):
                problems.append(f"{name}: bad word {w!r}")
            if w in seen:
                problems.append(f"duplicate {w!r} in {seen[w]} and {name}")
            seen[w] = name
    if problems:
        sys.exit("\n".join(problems))

    tokens = set()
    for p in CORPUS_FILES:
        tokens |= set(re.findall(r"[a-z]+", p.read_text(encoding="utf-8").lower()))

    found = 0
    for name, ws in lists.items():
        missing = [w for w in ws if not (forms(w) & tokens)]
        found += len(ws) - len(missing)
        print(f"{name}: {len(ws)} words, {len(ws) - len(missing)} found in corpus")
        print(f"  not found (kept as basic child vocabulary): {' '.join(sorted(missing))}")
    total = sum(len(ws) for ws in lists.values())
    print(f"total: {total} words, {found} found in corpus")

    source = (
        "Stand-in for the TinyStories vocabulary (Eldan & Li 2023, 'TinyStories: How Small "
        "Can Language Models Be and Still Speak Coherent English?'), which drew one verb, one noun and "
        "one adjective per prompt from ~1,500 basic words a 3-4 year old knows. This is not the "
        "authors' list: it was written by hand as simple, concrete, "
        "child-level verbs (base form), nouns (singular) and adjectives, each word in one list only, "
        "lowercase ASCII, sorted. Every word was checked case-insensitively, allowing simple "
        "inflections (+s/es/ed/d/ing, e-drop +ing, y->ies/ied/ier/iest, doubled consonant, +er/est), "
        "against real TinyStories validation text (tinystories_val_prefix.txt and "
        f"workflows/corpus/notes.txt): {found} of {total} words occur there; the remaining "
        f"{total - found} are kept as obviously basic child vocabulary. "
        "Rebuild with python3 scripts/make_tinystories_vocab.py."
    )
    doc = {"source": source}
    for name, ws in lists.items():
        doc[name] = sorted(ws)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
