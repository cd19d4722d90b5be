# scr-course: _content.html.j2 compiled by jinja2 3.1.6; source sha256 224691ac1eb30c5eb5c8a771a1958d7e5d4839f8c702f638f16022873a47e0c3; settings sha256 97dbcf755fba0f822a8045873fd1505955afed62490d9bec462280e1b929f1a2
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_content.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_image = l_0_figure = l_0_chart = l_0_sequence = l_0_media = missing
    pass
    def macro(l_1_i, l_1_cls):
        t_1 = []
        if l_1_i is missing:
            l_1_i = undefined("parameter 'i' was not provided", name='i')
        if l_1_cls is missing:
            l_1_cls = ''
        pass
        t_1.extend((
            '<img src="',
            escape(environment.getattr(l_1_i, 'href')),
            '" alt="',
            escape(environment.getattr(l_1_i, 'alt')),
            '" width="',
            escape(environment.getattr(l_1_i, 'width')),
            '" height="',
            escape(environment.getattr(l_1_i, 'height')),
            '"',
        ))
        if l_1_cls:
            pass
            t_1.extend((
                ' class="',
                escape(l_1_cls),
                '"',
            ))
        t_1.append(
            '>',
        )
        return concat(t_1)
    context.exported_vars.add('image')
    context.vars['image'] = l_0_image = Macro(environment, macro, 'image', ('i', 'cls'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_f):
        t_2 = []
        l_1_t = resolve('t')
        if l_1_f is missing:
            l_1_f = undefined("parameter 'f' was not provided", name='f')
        pass
        t_2.extend((
            '<figure class="block-figure" id="',
            escape(environment.getattr(l_1_f, 'id')),
            '">\n  ',
            escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), environment.getattr(l_1_f, 'image'))),
            '\n  <figcaption>',
            escape(environment.getattr(l_1_f, 'caption')),
            '</figcaption>\n',
        ))
        if environment.getattr(l_1_f, 'description'):
            pass
            t_2.extend((
                '  <details class="disclosure figure-description">\n    <summary>',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'figure.describe')),
                '</summary>\n    <div class="disclosure-body">',
                escape(environment.getattr(l_1_f, 'description')),
                '</div>\n  </details>\n',
            ))
        t_2.append(
            '</figure>\n',
        )
        return concat(t_2)
    context.exported_vars.add('figure')
    context.vars['figure'] = l_0_figure = Macro(environment, macro, 'figure', ('f',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_c):
        t_3 = []
        l_1_chart_svg = resolve('chart_svg')
        l_1_t = resolve('t')
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        t_3.extend((
            '<figure class="block-chart" id="',
            escape(environment.getattr(l_1_c, 'id')),
            '" aria-labelledby="',
            escape(environment.getattr(l_1_c, 'id')),
            '-caption">\n  <figcaption id="',
            escape(environment.getattr(l_1_c, 'id')),
            '-caption" class="chart-title">',
            escape(environment.getattr(l_1_c, 'title')),
            '</figcaption>\n',
        ))
        if environment.getattr(l_1_c, 'summary'):
            pass
            t_3.extend((
                '<p class="chart-summary" id="',
                escape(environment.getattr(l_1_c, 'id')),
                '-summary">',
                escape(environment.getattr(l_1_c, 'summary')),
                '</p>',
            ))
        t_3.extend((
            '  ',
            escape(context.call((undefined(name='chart_svg') if l_1_chart_svg is missing else l_1_chart_svg), l_1_c)),
            '\n',
        ))
        if environment.getattr(l_1_c, 'caption'):
            pass
            t_3.extend((
                '<div class="chart-caption">',
                escape(environment.getattr(l_1_c, 'caption')),
                '</div>',
            ))
        t_3.extend((
            '  <details class="disclosure chart-data">\n    <summary>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'chart.show_data')),
            '</summary>\n    <div class="disclosure-body table-scroll" role="region" aria-labelledby="',
            escape(environment.getattr(l_1_c, 'id')),
            '-table" tabindex="0">\n      <table>\n        <caption id="',
            escape(environment.getattr(l_1_c, 'id')),
            '-table">',
            escape(environment.getattr(l_1_c, 'title')),
        ))
        if environment.getattr(l_1_c, 'unit'):
            pass
            t_3.extend((
                ' (',
                escape(environment.getattr(l_1_c, 'unit')),
                ')',
            ))
        t_3.extend((
            '</caption>\n        <thead><tr><th scope="col">',
            escape(environment.getattr(l_1_c, 'category_label')),
            '</th>',
        ))
        for l_2_s in environment.getattr(l_1_c, 'series'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<th scope="col">',
                escape(environment.getattr(l_2_s, 'name')),
                '</th>',
            ))
        l_2_s = missing
        t_3.append(
            '</tr></thead>\n        <tbody>\n',
        )
        l_2_loop = missing
        for l_2_category, l_2_loop in LoopContext(environment.getattr(l_1_c, 'categories'), undefined):
            l_2_row = missing
            _loop_vars = {}
            pass
            l_2_row = environment.getattr(l_2_loop, 'index0')
            _loop_vars['row'] = l_2_row
            t_3.extend((
                '          <tr><th scope="row">',
                escape(l_2_category),
                '</th>',
            ))
            for l_3_s in environment.getattr(l_1_c, 'series'):
                l_3_format_value = resolve('format_value')
                _loop_vars = {}
                pass
                t_3.extend((
                    '<td>',
                    escape(context.call((undefined(name='format_value') if l_3_format_value is missing else l_3_format_value), environment.getitem(environment.getattr(l_3_s, 'values'), (undefined(name='row') if l_2_row is missing else l_2_row)), _loop_vars=_loop_vars)),
                    '</td>',
                ))
            l_3_s = l_3_format_value = missing
            t_3.append(
                '</tr>\n',
            )
        l_2_loop = l_2_category = l_2_row = missing
        t_3.append(
            '        </tbody>\n      </table>\n    </div>\n  </details>\n</figure>\n',
        )
        return concat(t_3)
    context.exported_vars.add('chart')
    context.vars['chart'] = l_0_chart = Macro(environment, macro, 'chart', ('c',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_s):
        t_4 = []
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        pass
        t_4.extend((
            '<ol class="block-',
            escape(environment.getattr(l_1_s, 'kind')),
            '" role="list">\n',
        ))
        for l_2_item in environment.getattr(l_1_s, 'items'):
            _loop_vars = {}
            pass
            t_4.append(
                '  <li>\n    <p class="sequence-title">',
            )
            if environment.getattr(l_2_item, 'datetime'):
                pass
                t_4.extend((
                    '<time datetime="',
                    escape(environment.getattr(l_2_item, 'datetime')),
                    '">',
                    escape(environment.getattr(l_2_item, 'title')),
                    '</time>',
                ))
            else:
                pass
                t_4.extend((
                    '<strong>',
                    escape(environment.getattr(l_2_item, 'title')),
                    '</strong>',
                ))
            t_4.append(
                '</p>\n',
            )
            if environment.getattr(l_2_item, 'body'):
                pass
                t_4.extend((
                    '<div class="sequence-body">',
                    escape(environment.getattr(l_2_item, 'body')),
                    '</div>',
                ))
            t_4.append(
                '  </li>\n',
            )
        l_2_item = missing
        t_4.append(
            '</ol>\n',
        )
        return concat(t_4)
    context.exported_vars.add('sequence')
    context.vars['sequence'] = l_0_sequence = Macro(environment, macro, 'sequence', ('s',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_m):
        t_5 = []
        l_1_t = resolve('t')
        l_1_course = resolve('course')
        if l_1_m is missing:
            l_1_m = undefined("parameter 'm' was not provided", name='m')
        pass
        t_5.extend((
            '<figure class="block-media block-',
            escape(environment.getattr(environment.getattr(l_1_m, 'kind'), 'value')),
            '" id="',
            escape(environment.getattr(l_1_m, 'id')),
            '">\n',
        ))
        if (environment.getattr(environment.getattr(l_1_m, 'kind'), 'value') == 'video'):
            pass
            t_5.append(
                '  <video controls preload="metadata" ',
            )
            if environment.getattr(l_1_m, 'poster'):
                pass
                t_5.extend((
                    'poster="',
                    escape(environment.getattr(environment.getattr(l_1_m, 'poster'), 'href')),
                    '" width="',
                    escape(environment.getattr(environment.getattr(l_1_m, 'poster'), 'width')),
                    '" height="',
                    escape(environment.getattr(environment.getattr(l_1_m, 'poster'), 'height')),
                    '"',
                ))
            t_5.extend((
                ' aria-label="',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.video_label')),
                '"',
            ))
            if environment.getattr(l_1_m, 'caption'):
                pass
                t_5.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_m, 'id')),
                    '-caption"',
                ))
            t_5.extend((
                '>\n    <source src="',
                escape(environment.getattr(l_1_m, 'src')),
                '" type="',
                escape(environment.getattr(l_1_m, 'media_type')),
                '">\n',
            ))
            if environment.getattr(l_1_m, 'captions'):
                pass
                t_5.extend((
                    '<track kind="captions" src="',
                    escape(environment.getattr(l_1_m, 'captions')),
                    '" srclang="',
                    escape(environment.getattr((undefined(name='course') if l_1_course is missing else l_1_course), 'language')),
                    '" label="',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.captions_label')),
                    '" default>',
                ))
            t_5.extend((
                '    <a href="',
                escape(environment.getattr(l_1_m, 'src')),
                '">',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.download_video')),
                '</a>\n  </video>\n',
            ))
        else:
            pass
            t_5.extend((
                '  <audio controls preload="metadata" aria-label="',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.audio_label')),
                '"',
            ))
            if environment.getattr(l_1_m, 'caption'):
                pass
                t_5.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_m, 'id')),
                    '-caption"',
                ))
            t_5.extend((
                '>\n    <source src="',
                escape(environment.getattr(l_1_m, 'src')),
                '" type="',
                escape(environment.getattr(l_1_m, 'media_type')),
                '">\n',
            ))
            if environment.getattr(l_1_m, 'captions'):
                pass
                t_5.extend((
                    '<track kind="captions" src="',
                    escape(environment.getattr(l_1_m, 'captions')),
                    '" srclang="',
                    escape(environment.getattr((undefined(name='course') if l_1_course is missing else l_1_course), 'language')),
                    '" label="',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.captions_label')),
                    '">',
                ))
            t_5.extend((
                '    <a href="',
                escape(environment.getattr(l_1_m, 'src')),
                '">',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.download_audio')),
                '</a>\n  </audio>\n',
            ))
        if environment.getattr(l_1_m, 'caption'):
            pass
            t_5.extend((
                '<figcaption id="',
                escape(environment.getattr(l_1_m, 'id')),
                '-caption">',
                escape(environment.getattr(l_1_m, 'caption')),
                '</figcaption>',
            ))
        if environment.getattr(l_1_m, 'transcript'):
            pass
            t_5.extend((
                '  <details class="disclosure media-transcript">\n    <summary>',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'media.transcript')),
                '</summary>\n    <div class="disclosure-body">',
                escape(environment.getattr(l_1_m, 'transcript')),
                '</div>\n  </details>\n',
            ))
        t_5.append(
            '</figure>\n',
        )
        return concat(t_5)
    context.exported_vars.add('media')
    context.vars['media'] = l_0_media = Macro(environment, macro, 'media', ('m',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=12&4=44&5=52&6=54&7=56&8=59&10=63&11=65&17=75&18=84&19=88&21=93&22=104&23=107&25=116&26=118&28=120&29=133&31=149&32=153&33=157&42=181&44=188&45=191&47=197&48=216&54=234&55=243&56=248&57=253&58=278&59=283&60=296&63=305&64=317&65=322&66=335&69=340&70=349&72=353&73=355'